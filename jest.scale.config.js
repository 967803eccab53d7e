/**
 * `npm run test:scale`: tests/scale builds its own deployment (a primary and a streaming replica
 * from PostgreSQL's tools, PgBouncer, s3rver, hub processes), so no global database setup. Not
 * part of `npm test`.
 */
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = { ...base, roots: ['<rootDir>/tests/scale'], testMatch: ['**/*.scale.ts'], globalSetup: undefined, globalTeardown: undefined, maxWorkers: 1, testTimeout: 120000 };
