/**
 * The unit tier: pure functions only (tests/unit), no database, so no global setup. `npm run
 * test:unit` runs it in seconds; `npm test` runs it too, with the integration tests.
 */
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = { ...base, roots: ['<rootDir>/tests/unit'], globalSetup: undefined, globalTeardown: undefined };
