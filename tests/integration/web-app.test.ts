import fs from 'node:fs';
import path from 'node:path';
import { startTestHub, type TestHub } from '../helpers/harness';
import { buildWeb } from '../../scripts/build-web';
import { WEB_DIST } from '../../src/web-app';

/* The hub serves the built field app at / (web/dist), with caching a phone can rely on. */

let hub: TestHub;
beforeAll(async () => {
  buildWeb();
  hub = await startTestHub();
}, 180_000);
afterAll(() => hub.stop());

describe('the field app at /', () => {
  it('serves index.html to be revalidated, and hashed assets as immutable', async () => {
    const page = await fetch(`${hub.url}/`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    const html = await page.text();
    expect(html).toContain('<div id="root"></div>');
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1];
    const asset = await fetch(`${hub.url}${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    for (const f of ['/sw.js', '/manifest.webmanifest']) {
      const r = await fetch(`${hub.url}${f}`);
      expect([f, r.status, r.headers.get('cache-control')]).toEqual([f, 200, 'no-cache']);
    }
    const manifest = (await (await fetch(`${hub.url}/manifest.webmanifest`)).json()) as { icons: { src: string }[] };
    for (const icon of manifest.icons) expect((await fetch(`${hub.url}${icon.src}`)).status).toBe(200);
  });

  it("answers the app's routes with index.html, and leaves the API's paths alone", async () => {
    const index = fs.readFileSync(path.join(WEB_DIST, 'index.html'), 'utf8');
    const route = await fetch(`${hub.url}/inspect/0b8c5b8e-0000-4000-8000-000000000000`, { headers: { accept: 'text/html' } });
    expect(route.status).toBe(200);
    expect(await route.text()).toBe(index);
    // The API keeps its own answers: a missing attachment is the API's 401/404, not the app's page.
    const att = await fetch(`${hub.url}/attachments/0b8c5b8e-0000-4000-8000-000000000000`, { headers: { accept: 'text/html' } });
    expect(att.status).toBe(401);
    expect(await att.text()).not.toContain('<div id="root">');
    const gql = await fetch(`${hub.url}/graphql?query=${encodeURIComponent('{ version }')}`, { headers: { accept: 'application/json', 'apollo-require-preflight': '1' } });
    expect(((await gql.json()) as { data: { version: string } }).data.version).toEqual(expect.any(String));
    // A missing file is a 404, not the app.
    expect((await fetch(`${hub.url}/assets/nope.js`)).status).toBe(404);
  });
});
