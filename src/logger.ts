import pino, { type Logger } from 'pino';

/** Structured JSON logs on stdout; every request's lines carry its request id. */
export function makeLogger(level: string): Logger {
  return pino({ level, base: { service: 'epi-hub' }, timestamp: pino.stdTimeFunctions.isoTime, redact: ['req.headers.authorization', 'password', 'input.password'] });
}
