import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { hashPassword } from '../modules/account/auth.service';

export const DEMO_PASSWORD = 'demo1234';

/** Demo sites: a few of each kind, in Feng County (凤县), Shaanxi, where the seed document is from. */
export const DEMO_SITES = [
  { kind: 'HOTEL', name: '凤州宾馆 Fengzhou Hotel', address: '凤县双石铺镇凤州大道12号', district: '双石铺镇', grid: 'SSP-03', latitude: 33.9107, longitude: 106.5246, riskLevel: 'MEDIUM', roomCount: 86, guestRegistrationSystem: '旅馆业治安管理信息系统', contactName: '王丽', contactPhone: '0917-4711001' },
  { kind: 'HOTEL', name: '嘉陵江大酒店 Jialing River Hotel', address: '凤县双石铺镇滨河路8号', district: '双石铺镇', grid: 'SSP-01', latitude: 33.9131, longitude: 106.5202, riskLevel: 'HIGH', roomCount: 142, guestRegistrationSystem: '旅馆业治安管理信息系统', contactName: '李强', contactPhone: '0917-4711002' },
  { kind: 'VENUE', name: '凤县农贸市场 Fengxian Farmers Market', address: '凤县双石铺镇东街', district: '双石铺镇', grid: 'SSP-02', latitude: 33.9122, longitude: 106.5281, riskLevel: 'HIGH', venueCategory: 'MARKET', capacity: 800, contactName: '赵刚', contactPhone: '0917-4711003' },
  { kind: 'VENUE', name: '羌韵网吧 Qiangyun Internet Cafe', address: '凤县凤州镇中街22号', district: '凤州镇', grid: 'FZ-01', latitude: 33.9702, longitude: 106.6281, riskLevel: 'MEDIUM', venueCategory: 'INTERNET_CAFE', capacity: 60, contactName: '陈敏', contactPhone: '0917-4711004' },
  { kind: 'DETENTION_FACILITY', name: '凤县看守所 Feng County Detention Centre', address: '凤县双石铺镇北山路1号', district: '双石铺镇', grid: 'SSP-05', latitude: 33.9201, longitude: 106.5233, riskLevel: 'HIGH', facilityType: 'DETENTION_CENTRE', capacity: 120, securityLevel: 'HIGH', contactName: '周建国', contactPhone: '0917-4711005' },
  { kind: 'DETENTION_FACILITY', name: '凤县拘留所 Feng County Administrative Detention', address: '凤县双石铺镇北山路3号', district: '双石铺镇', grid: 'SSP-05', latitude: 33.9207, longitude: 106.5241, riskLevel: 'MEDIUM', facilityType: 'ADMINISTRATIVE_DETENTION', capacity: 40, securityLevel: 'MEDIUM', contactName: '吴涛', contactPhone: '0917-4711006' },
  { kind: 'ISOLATION_SITE', name: '凤县集中隔离点一 Isolation Site No. 1', address: '凤县双石铺镇南环路66号', district: '双石铺镇', grid: 'SSP-07', latitude: 33.9052, longitude: 106.5311, riskLevel: 'CRITICAL', bedCount: 60, currentOccupancy: 23, contactName: '孙悦', contactPhone: '0917-4711007' },
  { kind: 'ISOLATION_SITE', name: '留凤关隔离点 Liufengguan Isolation Site', address: '凤县留凤关镇街道15号', district: '留凤关镇', grid: 'LFG-01', latitude: 33.8531, longitude: 106.7211, riskLevel: 'HIGH', bedCount: 30, currentOccupancy: 4, contactName: '郑华', contactPhone: '0917-4711008' },
  // Road checkpoints (卡口) named in the seed: 5 highway exits and 3 national/provincial roads in all.
  { kind: 'CHECKPOINT', name: '凤县高速公路出口 Feng County Highway Exit', address: '凤县双石铺镇 G85 银昆高速凤县出口', district: '双石铺镇', grid: 'SSP-09', latitude: 33.9019, longitude: 106.5167, riskLevel: 'HIGH', roadType: 'HIGHWAY_EXIT', roadName: 'G85 银昆高速', contactName: '杨帆', contactPhone: '0917-4711009' },
  { kind: 'CHECKPOINT', name: '草店公安检查站 Caodian Police Checkpoint', address: '凤县草店 G316 国道', district: '凤州镇', grid: 'FZ-04', latitude: 33.9655, longitude: 106.6012, riskLevel: 'HIGH', roadType: 'NATIONAL_ROAD', roadName: 'G316', contactName: '马军', contactPhone: '0917-4711010' },
] as const;

/**
 * Loads the demo data on first start (no accounts yet): one account per role, two agencies, a
 * joint team, and sites of each kind; the manager and the staff member work at the first hotel. Never called in production (config refuses it).
 */
export async function loadDemoData(ds: DataSource, log: Logger): Promise<boolean> {
  const hash = await hashPassword(DEMO_PASSWORD);
  return ds.transaction(async (em) => {
    // Two hub processes starting together must not both load it.
    await em.query('SELECT pg_advisory_xact_lock(727002)');
    const [{ n }] = await em.query('SELECT count(*)::int AS n FROM account');
    if (n > 0) return false;
    const [police] = await em.query(`INSERT INTO agency (code, name, kind) VALUES ('FX-PSB', '凤县公安局 Feng County Public Security Bureau', 'POLICE') RETURNING id`);
    const [market] = await em.query(`INSERT INTO agency (code, name, kind) VALUES ('FX-AMR', '凤县市场监督管理局 Feng County Market Regulation Bureau', 'MARKET_REGULATION') RETURNING id`);
    const accounts: [string, string, string, string | null][] = [
      ['admin', '系统管理员 Administrator', 'ADMIN', null],
      ['command', '指挥中心值班员 Command Centre Duty Officer', 'COMMAND', police.id],
      ['inspector', '张伟 Zhang Wei (police)', 'INSPECTOR', police.id],
      ['inspector2', '刘洋 Liu Yang (market regulation)', 'INSPECTOR', market.id],
      ['manager', '王丽 Wang Li (Fengzhou Hotel)', 'FACILITY_MANAGER', null],
      ['staff', '赵师傅 Zhao (cleaning staff, Fengzhou Hotel)', 'FACILITY_STAFF', null],
      ['reviewer', '监察室 Supervision Office', 'REVIEWER', police.id],
    ];
    const ids: Record<string, string> = {};
    for (const [username, displayName, role, agencyId] of accounts) {
      const [a] = await em.query(`INSERT INTO account (username, display_name, password_hash, role, agency_id) VALUES ($1, $2, $3, $4, $5) RETURNING id`, [username, displayName, hash, role, agencyId]);
      ids[username] = a.id;
    }
    const [team] = await em.query(`INSERT INTO inspection_team (name, leader_id) VALUES ('联合检查一组 Joint Team 1', $1) RETURNING id`, [ids.inspector]);
    await em.query(`INSERT INTO team_member (team_id, account_id) VALUES ($1, $2), ($1, $3)`, [team.id, ids.inspector, ids.inspector2]);
    const siteIds: string[] = [];
    for (const s of DEMO_SITES) {
      const cols = Object.keys(s).map((k) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`));
      const vals = Object.values(s);
      // Registered a week ago: their first disinfection intervals have run out (a site is in
      // breach only once an interval has passed since its registration).
      const [row] = await em.query(
        `INSERT INTO site (${cols.join(', ')}, created_at, updated_at) VALUES (${vals.map((_, i) => `$${i + 1}`).join(', ')}, now() - interval '7 days', now() - interval '7 days') RETURNING id`,
        vals,
      );
      siteIds.push(row.id);
    }
    await em.query(`INSERT INTO site_manager (site_id, account_id) VALUES ($1, $2)`, [siteIds[0], ids.manager]);
    await em.query(`INSERT INTO site_staff (site_id, account_id, registered_by_id) VALUES ($1, $2, $3)`, [siteIds[0], ids.staff, ids.manager]);
    // Something to start with: Joint Team 1 is due at the hotel tomorrow (the inspectors may then
    // also read its disinfection log, which only the sites they inspect open to them).
    await em.query(
      `INSERT INTO inspection (site_id, team_id, checklist_version_id, status, due_at, scheduled_by_id)
       SELECT $1, $2, v.id, 'SCHEDULED', date_trunc('day', now()) + interval '1 day 9 hours', $3
         FROM checklist_version v JOIN checklist_template t ON t.id = v.template_id
        WHERE t.code = 'HOTEL-EPI' AND v.status = 'PUBLISHED' ORDER BY v.number DESC LIMIT 1`,
      [siteIds[0], team.id, ids.command],
    );
    await em.query(
      `INSERT INTO audit_event (actor_id, actor_username, actor_role, action, entity_type, entity_id, changes) VALUES (NULL, 'system', NULL, 'demo-data.load', 'System', 'demo', $1)`,
      [JSON.stringify({ accounts: { before: null, after: Object.keys(ids) }, sites: { before: null, after: siteIds.length } })],
    );
    log.info({ accounts: Object.keys(ids), sites: siteIds.length }, `demo data loaded; every demo account's password is ${DEMO_PASSWORD}`);
    return true;
  });
}
