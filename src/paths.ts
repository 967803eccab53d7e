import path from 'node:path';

/**
 * Where the running code is: the checkout itself when the sources run through tsx (tests,
 * `npx tsx src/main.ts`), `dist/` when `npm start` runs the build (`scripts/build-server.ts`
 * writes `dist/src/…` and `dist/migrations/…`, the same layout in JavaScript).
 */
export const CODE_ROOT = path.resolve(__dirname, '..');

/** The checkout: package.json, web/dist, data/. */
export const PROJECT_ROOT = __filename.endsWith('.js') ? path.resolve(CODE_ROOT, '..') : CODE_ROOT;
