import { loadConfig } from '../../src/config';

/** MAP_TILE_URL: the console's map only with a tile template given; none means no map at all. */
describe('MAP_TILE_URL', () => {
  const base = { DATA_DIR: '/tmp/epi-config-test', LOG_LEVEL: 'silent' };

  it('is unset by default: no map', () => {
    expect(loadConfig({ ...base }).map).toBeNull();
    expect(loadConfig({ ...base, MAP_TILE_URL: '' }).map).toBeNull();
  });

  it('takes an http(s) template with {z}, {x} and {y}, and the attribution', () => {
    expect(loadConfig({ ...base, MAP_TILE_URL: 'https://tiles.example.cn/{z}/{x}/{y}.png', MAP_ATTRIBUTION: '© 测绘局' }).map).toEqual({ tileUrl: 'https://tiles.example.cn/{z}/{x}/{y}.png', attribution: '© 测绘局' });
  });

  it('refuses anything else, naming the variable', () => {
    expect(() => loadConfig({ ...base, MAP_TILE_URL: 'https://tiles.example.cn/tiles.png' })).toThrow(/MAP_TILE_URL: .*\{z\}, \{x\} and \{y\}/);
    expect(() => loadConfig({ ...base, MAP_TILE_URL: 'ftp://tiles.example.cn/{z}/{x}/{y}.png' })).toThrow(/MAP_TILE_URL: .*http\(s\)/);
    expect(() => loadConfig({ ...base, MAP_TILE_URL: 'not a url {z}{x}{y}' })).toThrow(/MAP_TILE_URL/);
  });
});
