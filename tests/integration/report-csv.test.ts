import { startTestHub, type TestHub } from '../helpers/harness';
import { bindManager } from '../fixtures/factory';
import { loadReportScenario, SEED, type ReportScenario } from '../fixtures/report-scenario';
import { BATCH } from '../../src/modules/report/findings-export';
import { parseCsv as parse } from '../helpers/csv';

let hub: TestHub;
let sc: ReportScenario;
let command: string;
beforeAll(async () => {
  hub = await startTestHub();
  sc = await loadReportScenario(hub.ds);
  command = await hub.login(sc.accounts.command.username);
});
afterAll(() => hub.stop());

const get = async (path: string, token?: string) => {
  const res = await fetch(`${hub.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const bytes = new Uint8Array(await res.arrayBuffer());
  return { status: res.status, type: res.headers.get('content-type'), bytes, text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes) };
};
const qs = () => `from=${encodeURIComponent(sc.from.toISOString())}&to=${encodeURIComponent(sc.to.toISOString())}`;

describe('GET /reports/report.csv', () => {
  it('gives the report tables as CSV sections, UTF-8 with a BOM', async () => {
    const r = await get(`/reports/report.csv?${qs()}`, command);
    expect(r.status).toBe(200);
    expect(r.type).toBe('text/csv; charset=utf-8');
    expect([...r.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(r.text.slice(1));
    const section = (name: string) => {
      const i = rows.findIndex((x) => x.length === 1 && x[0] === name);
      const out: string[][] = [];
      for (let j = i + 1; j < rows.length && !(rows[j].length === 1 && rows[j][0] === ''); j++) out.push(rows[j]);
      return out;
    };
    expect(section('checkpoint')).toEqual([
      ['tallies', 'checkpoints', 'shiftsShortOfLeaders', 'vehiclesChecked', 'personsScreened', 'vehiclesTurnedBack', 'personsTurnedBack', 'certificatesVerified', 'samplesTaken'],
      ['48', '8', '0', ...Object.values(SEED).map(String)],
    ]);
    expect(section('inspections')).toEqual([
      ['siteKind', 'total', 'pass', 'passWithFindings', 'fail', 'sitesInspected', 'joint', 'singleAgency'],
      ['HOTEL', '30', '20', '6', '4', '30', '0', '30'],
      ['VENUE', '22', '15', '5', '2', '22', '0', '22'],
      ['ALL', '52', '', '', '', '52', '0', '52'],
    ]);
    expect(section('checkpointRoadTypes')).toEqual([['roadType', 'checkpoints'], ['HIGHWAY_EXIT', '5'], ['NATIONAL_ROAD', '2'], ['PROVINCIAL_ROAD', '1']]);
    expect(section('operations')).toEqual([['deployments', 'officersDeployed', 'pushes', 'messagesPushed', 'peopleReached'], ['0', '0', '0', '0', '0']]);
    // F8, due and rectified-submitted in the period, was verified after its end (the cutoff): a later decision, and its net effect.
    expect(section('lateDecisions')).toEqual([['total', 'findings', 'disputes', 'verificationRecords', 'inspectionCorrections'], ['1', '1', '0', '0', '0']]);
    const net = section('lateNetChange');
    expect(net[0]).toEqual(['figure', 'change']);
    expect(net.filter((x) => x[1] !== '0').slice(1)).toEqual([['rectified', '1'], ['findings.MINOR.RECTIFICATION_SUBMITTED', '-1'], ['findings.MINOR.VERIFIED', '1']]);
    expect(net.map((x) => x[0])).toContain('verificationAnswered');
    expect(section('rectification')).toEqual([['due', 'withdrawn', 'rectified', 'rectifiedOnTime', 'rate'], ['6', '1', '2', '1', '0.3333']]);
    expect(section('supplies')).toContainEqual(['MASK', '口罩 masks', 'MASK', 'PIECE', '5000', '2', '2']);
    expect(section('summary')[1][0]).toContain('检查车辆32937辆');
    // The summary holds commas (，is not one, but ; and , in the English names are): it is one quoted field.
    expect(section('summary')[1]).toHaveLength(1);
  });

  it('filters by district', async () => {
    const r = await get(`/reports/report.csv?${qs()}&district=${encodeURIComponent('凤州镇')}`, command);
    expect(r.status).toBe(200);
    expect(r.text).toContain('凤州镇');
    expect(r.text).toContain('\r\nHOTEL,10,0,6,4,10,0,10\r\n');
  });

  it('needs a token (401) and the report permission (403 for facility managers and inspectors)', async () => {
    const none = await get(`/reports/report.csv?${qs()}`);
    expect(none.status).toBe(401);
    expect(JSON.parse(none.text).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await get(`/reports/report.csv?${qs()}`, 'not-a-token')).status).toBe(401);
    const fm = await get(`/reports/report.csv?${qs()}`, await hub.login(sc.accounts.manager.username));
    expect(fm.status).toBe(403);
    expect(JSON.parse(fm.text).errors[0].extensions.code).toBe('FORBIDDEN');
    expect((await get(`/reports/report.csv?${qs()}`, await hub.login(sc.accounts.inspector.username))).status).toBe(403);
    expect((await get(`/reports/report.csv?${qs()}`, await hub.login(sc.accounts.reviewer.username))).status).toBe(200);
    const bad = await get(`/reports/report.csv?from=yesterday&to=${encodeURIComponent(sc.to.toISOString())}`, command);
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text).errors[0].extensions.field).toBe('period.from');
  });
});

describe('GET /reports/findings.csv', () => {
  it('streams findings with proper quoting, scoped like the findings query', async () => {
    // A title with a comma, quotes, a line break and a formula-looking start.
    const [insp] = await hub.ds.query(`SELECT id FROM inspection WHERE site_id = $1`, [sc.hotels[18].id]);
    await hub.ds.query(
      `INSERT INTO finding (inspection_id, site_id, team_id, raised_by_id, title, severity, status, raised_at, deadline, profile_version) VALUES ($1, $2, $3, $4, $5, 'MINOR', 'OPEN', now(), now() + interval '2 days', 1)`,
      [insp.id, sc.hotels[18].id, sc.teamId, sc.accounts.inspector.id, '=未登记,"散客"\n第二行'],
    );
    const all = await get(`/reports/findings.csv`, command);
    expect(all.status).toBe(200);
    expect(all.type).toBe('text/csv; charset=utf-8');
    expect([...all.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(all.text.slice(1));
    expect(rows[0]).toEqual(['id', 'site', 'siteKind', 'district', 'severity', 'status', 'title', 'itemCode', 'raisedAt', 'deadline', 'overdue', 'escalated', 'verifiedAt']);
    expect(rows).toHaveLength(1 + 9);
    expect(rows.map((r) => r[6])).toContain(`'=未登记,"散客"\n第二行`);
    expect(all.text).toContain(`"'=未登记,""散客""\n第二行"`);
    const f1 = rows.find((r) => r[0] === sc.findingIds.F1)!;
    expect(f1.slice(4, 7)).toEqual(['CRITICAL', 'OPEN', '问题 F1']);
    expect(f1[10]).toBe('true');
    expect(f1[11]).toBe('true');

    // Filters: severity and overdue.
    const crit = parse((await get(`/reports/findings.csv?severity=CRITICAL&overdue=true`, command)).text.slice(1));
    expect(crit.slice(1).map((r) => r[0]).sort()).toEqual([sc.findingIds.F1, sc.findingIds.F7].sort());
    const district = parse((await get(`/reports/findings.csv?district=${encodeURIComponent('凤州镇')}`, command)).text.slice(1));
    expect(district.slice(1).map((r) => r[0])).toEqual([sc.findingIds.F7]);

    // A facility manager gets only its own site's findings, whatever it asks for.
    await bindManager(hub.ds, sc.hotels[18].id, sc.accounts.manager.id);
    const fm = await hub.login(sc.accounts.manager.username);
    const own = parse((await get(`/reports/findings.csv`, fm)).text.slice(1));
    expect(own.slice(1).map((r) => r[0]).sort()).toEqual(expect.arrayContaining([sc.findingIds.F2, sc.findingIds.F3]));
    expect(own.slice(1).every((r) => r[1] === own[1][1])).toBe(true);
    expect(own).toHaveLength(1 + 3);
    const other = parse((await get(`/reports/findings.csv?siteIds=${sc.hotels[25].id}`, fm)).text.slice(1));
    expect(other).toHaveLength(1);
  });

  it('pages through more findings than one batch', async () => {
    const [insp] = await hub.ds.query(`SELECT id FROM inspection WHERE site_id = $1`, [sc.venues[0].id]);
    await hub.ds.query(
      `INSERT INTO finding (inspection_id, site_id, team_id, raised_by_id, title, severity, status, raised_at, deadline, profile_version)
       SELECT $1, $2, $3, $4, '批量 ' || g, 'MINOR', 'OPEN', now(), now() + interval '1 day', 1 FROM generate_series(1, $5::int) g`,
      [insp.id, sc.venues[0].id, sc.teamId, sc.accounts.inspector.id, BATCH + 5],
    );
    const rows = parse((await get(`/reports/findings.csv?siteIds=${sc.venues[0].id}`, command)).text.slice(1));
    expect(rows).toHaveLength(1 + BATCH + 5);
    expect(new Set(rows.slice(1).map((r) => r[0])).size).toBe(BATCH + 5);
  });

  it('needs a token and a role that reads findings', async () => {
    expect((await get(`/reports/findings.csv`)).status).toBe(401);
    const bad = await get(`/reports/findings.csv?severity=HUGE`, command);
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text).errors[0].extensions.field).toBe('query.severity.0');
  });
});
