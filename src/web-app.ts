import fs from 'node:fs';
import path from 'node:path';
import express, { type Express, type Request, type Response, type NextFunction } from 'express';
import { PROJECT_ROOT } from './paths';

/** Where `npm run build:web` writes the field app. */
export const WEB_DIST = path.join(PROJECT_ROOT, 'web', 'dist');

/** Paths the SPA fallback never answers: they belong to the API and its routes. */
const API_PREFIXES = ['/graphql', '/graphiql', '/attachments', '/reports', '/verification-records', '/healthz', '/readyz', '/ide/'];

/**
 * Serves the built field app (web/dist) at `/`: hashed files under /assets/ are immutable for a
 * year; everything else (index.html, the service worker, its manifest) must be revalidated, so a
 * new release reaches phones on their next visit. Any other GET for a page (an app route such as
 * /inspect/…) gets index.html. When the app has not been built, `/` says how to build it.
 */
export function mountWebApp(app: Express, dist: string = WEB_DIST): void {
  const index = path.join(dist, 'index.html');
  app.use(
    express.static(dist, {
      index: false,
      setHeaders(res, file) {
        const rel = path.relative(dist, file).split(path.sep).join('/');
        if (rel.startsWith('assets/')) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
        else res.setHeader('Cache-Control', 'no-cache');
      },
    }),
  );
  app.get(/.*/, (req: Request, res: Response, next: NextFunction) => {
    if (API_PREFIXES.some((p) => req.path === p || req.path.startsWith(p.endsWith('/') ? p : `${p}/`))) return next();
    if (path.extname(req.path) !== '' || !req.accepts('html')) return next();
    if (!fs.existsSync(index)) {
      res.status(503).type('text').send('The field app is not built: run `npm run build:web` (npm start does it for you).\n');
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
}
