import { loadConfig } from '../../src/config';

/** The demo accounts' password is public (README): with them loaded the hub listens on loopback unless told otherwise. */
describe('HOST default', () => {
  const base = { DATA_DIR: '/tmp/epi-config-test', LOG_LEVEL: 'silent' };

  it('is 127.0.0.1 when demo data is loaded (the embedded database by default)', () => {
    expect(loadConfig({ ...base }).demoData).toBe(true);
    expect(loadConfig({ ...base }).host).toBe('127.0.0.1');
    expect(loadConfig({ ...base, DATABASE_URL: 'postgres://u@db.example:5432/hub', DEMO_DATA: 'true' }).host).toBe('127.0.0.1');
  });

  it('is 0.0.0.0 without demo data', () => {
    expect(loadConfig({ ...base, DATABASE_URL: 'postgres://u@db.example:5432/hub' }).host).toBe('0.0.0.0');
    expect(loadConfig({ ...base, DEMO_DATA: 'false' }).host).toBe('0.0.0.0');
    expect(loadConfig({ ...base, NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) }).host).toBe('0.0.0.0');
  });

  it('is whatever HOST says when it is set, demo data or not', () => {
    expect(loadConfig({ ...base, HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(loadConfig({ ...base, HOST: '::' }).host).toBe('::');
  });
});
