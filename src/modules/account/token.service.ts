import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { SignJWT, decodeJwt, jwtVerify, errors as joseErrors } from 'jose';
import type { Config } from '../../config';
import { AppError } from '../../common/errors';

const ISSUER = 'epi-hub';
const AUDIENCE = 'epi-hub-api';
/** Verified tokens kept (oldest out first), and the longest kept: a few hundred KB at most. */
const MAX_KEPT_TOKENS = 2_000;
const MAX_KEPT_TOKEN_LENGTH = 1_024;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface TokenClaims {
  accountId: string;
  role: string;
}

export interface TokenService {
  sign(claims: TokenClaims): Promise<{ token: string; expiresAt: Date }>;
  /** The claims of a valid token, and when it expires. */
  verify(token: string): Promise<TokenClaims & { expiresAt: Date }>;
}

/**
 * HS256 bearer tokens (jose). The secret comes from JWT_SECRET; in development it is generated
 * once and kept in DATA_DIR/jwt-secret (mode 0600) so tokens survive a restart.
 */
export function makeTokenService(config: Config): TokenService {
  const key = new TextEncoder().encode(config.jwtSecret ?? developmentSecret(config.dataDir));
  // Every signed-in request verifies its token (an HMAC and jose's claim checks, ~0.2 ms of CPU).
  // A token verified once stays valid, with the same claims, until it expires (its signature,
  // issuer and audience cannot change; the key is this service's own), so its claims are kept,
  // bounded, and checked against the clock on every use.
  const verified = new Map<string, TokenClaims & { expiresAt: Date }>();
  const expired = () => new AppError('UNAUTHENTICATED', 'the token has expired; sign in again');
  return {
    async sign(claims) {
      const jwt = await new SignJWT({ role: claims.role })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(claims.accountId)
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(config.tokenTtl)
        .sign(key);
      return { token: jwt, expiresAt: new Date(decodeJwt(jwt).exp! * 1000) };
    },
    async verify(token) {
      const known = verified.get(token);
      if (known) {
        // jose's rule: expired once the clock (in whole seconds) reaches exp.
        if (Math.floor(Date.now() / 1000) >= known.expiresAt.getTime() / 1000) {
          verified.delete(token);
          throw expired();
        }
        return known;
      }
      let claims: TokenClaims & { expiresAt: Date };
      let keep: boolean;
      try {
        // exp, iat and sub are required: a token that never expires is not one we issue.
        const { payload } = await jwtVerify(token, key, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'], requiredClaims: ['exp', 'iat', 'sub'] });
        if (typeof payload.sub !== 'string' || !UUID.test(payload.sub)) throw new Error('the subject is not an account id');
        claims = { accountId: payload.sub, role: String(payload.role), expiresAt: new Date(payload.exp! * 1000) };
        // A not-before claim would make validity start later: not kept (the hub issues none).
        keep = payload.nbf === undefined && token.length <= MAX_KEPT_TOKEN_LENGTH;
      } catch (err) {
        if (err instanceof joseErrors.JWTExpired) throw expired();
        throw new AppError('UNAUTHENTICATED', 'the token is not valid; sign in again');
      }
      if (keep) {
        if (verified.size >= MAX_KEPT_TOKENS) verified.delete(verified.keys().next().value!);
        verified.set(token, claims);
      }
      return claims;
    },
  };
}

function developmentSecret(dataDir: string): string {
  const file = path.join(dataDir, 'jwt-secret');
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    fs.mkdirSync(dataDir, { recursive: true });
    const secret = randomBytes(48).toString('base64url');
    try {
      fs.writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
      return secret;
    } catch {
      return fs.readFileSync(file, 'utf8').trim(); // another process wrote it first
    }
  }
}

declare module '../../common/services' {
  interface Services {
    tokens: TokenService;
  }
}
