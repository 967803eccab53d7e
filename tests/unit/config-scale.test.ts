import { loadConfig } from '../../src/config';

/** The scale-out settings (README "Scaling out"): parsed once, refused with a clear message when wrong. */
describe('scale-out configuration', () => {
  it('defaults to one process, no replicas, local storage, named prepared statements', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ processes: 1, readUrls: [], replicaMaxLagMs: 5000, preparedStatements: true, storage: { kind: 'local' } });
    expect(c.listenUrl).toBeUndefined();
  });

  it('reads replicas, the listen URL, S3 storage and the process count', () => {
    const c = loadConfig({
      DATABASE_URL: 'postgres://hub@bouncer:6432/epi',
      DATABASE_LISTEN_URL: 'postgres://hub@primary:5432/epi',
      DATABASE_READ_URLS: 'postgres://hub@r1:5432/epi, postgres://hub@r2:5432/epi',
      HUB_PROCESSES: '4',
      PREPARED_STATEMENTS: 'false',
      STORAGE: 's3',
      S3_BUCKET: 'evidence',
      S3_ENDPOINT: 'http://minio:9000',
      S3_FORCE_PATH_STYLE: 'true',
    });
    expect(c.readUrls).toEqual(['postgres://hub@r1:5432/epi', 'postgres://hub@r2:5432/epi']);
    expect(c).toMatchObject({ processes: 4, listenUrl: 'postgres://hub@primary:5432/epi', preparedStatements: false });
    expect(c.storage).toMatchObject({ kind: 's3', bucket: 'evidence', endpoint: 'http://minio:9000', forcePathStyle: true, region: 'us-east-1' });
  });

  it('refuses S3 without a bucket, half a key pair, a bad replica URL, and replicas without a primary', () => {
    expect(() => loadConfig({ STORAGE: 's3' })).toThrow(/S3_BUCKET: S3_BUCKET is required when STORAGE=s3/);
    expect(() => loadConfig({ STORAGE: 's3', S3_BUCKET: 'b', S3_ACCESS_KEY_ID: 'k' })).toThrow(/S3_SECRET_ACCESS_KEY/);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://p/db', DATABASE_READ_URLS: 'not a url' })).toThrow(/DATABASE_READ_URLS: not a URL/);
    expect(() => loadConfig({ DATABASE_READ_URLS: 'postgres://r/db' })).toThrow(/read replicas need DATABASE_URL/);
    expect(() => loadConfig({ HUB_PROCESSES: '0' })).toThrow(/HUB_PROCESSES/);
  });
});
