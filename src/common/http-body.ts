import type http from 'node:http';
import type { Duplex } from 'node:stream';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import bytes from 'bytes';

// Request bodies at the HTTP level, before any route: limits declared up front, requests Node cannot parse.

/**
 * Requests Node's HTTP parser refuses before any route sees them (a Content-Length that lies
 * and leaves stray bytes, a malformed request line, headers too large, a body that never comes):
 * the same JSON error body as everywhere else instead of Node's bare "400 Bad Request".
 */
export function answerClientErrors(server: http.Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    // As Node's own handler: nothing is written over a response already under way.
    const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (err.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) return void socket.destroy();
    const [status, reason] =
      err.code === 'HPE_HEADER_OVERFLOW' ? [431, 'Request Header Fields Too Large'] : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? [408, 'Request Timeout'] : [400, 'Bad Request'];
    const body = JSON.stringify({ errors: [{ message: `malformed HTTP request (${reason})`, extensions: { code: 'BAD_USER_INPUT' } }] });
    socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  });
}

/** Bytes past a body limit still read and thrown away so a client still sending gets to read the 413. */
export const DISCARD_BEYOND_LIMIT = 256 * 1024 * 1024;

/**
 * Put before a body parser: a declared Content-Length over the limit gets 413 (BAD_USER_INPUT)
 * at once. body-parser would read the whole declared body first, however large, before it answers.
 */
export function refuseDeclaredOver(limit: string | number): RequestHandler {
  const max = typeof limit === 'number' ? limit : bytes.parse(limit) ?? Infinity;
  return (req: Request, res: Response, next: NextFunction) => {
    const declared = Number(req.get('content-length') ?? NaN);
    if (!(declared > max)) return next();
    if (declared > max + DISCARD_BEYOND_LIMIT) res.setHeader('connection', 'close');
    res.status(413).json({ errors: [{ message: `request body is larger than ${limit}`, extensions: { code: 'BAD_USER_INPUT', field: 'body' } }] });
  };
}
