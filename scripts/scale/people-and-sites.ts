import type { Client } from 'pg';
import type { Preset } from './presets';
import { SCALE_MARKER, SCALE_USERS } from './presets';

/** A SQL text-array literal of constants (never user input). */
export const arr = (xs: readonly string[]) => `ARRAY[${xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(',')}]::text[]`;

/** Deterministic [0,1) from the seed, a tag and a row expression: `pg_temp.rnd(...)`. */
export const rnd = (seed: number, tag: string, expr: string) => `pg_temp.rnd('${seed}:${tag}:' || (${expr})::text)`;
/** Deterministic uuid from the seed, a tag and a row expression. */
export const uid = (seed: number, tag: string, expr: string) => `md5('${seed}:${tag}:' || (${expr})::text)::uuid`;
/** Picks an element of a SQL array by a [0,1) value. */
export const pick = (array: string, r: string) => `(${array})[1 + floor(${r} * array_length(${array}, 1))::int]`;

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何', '郭', '马', '罗'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '涛', '明', '超', '秀英', '华', '平', '刚'];
export const personName = (seed: number, tag: string, expr: string) => `${pick(arr(SURNAMES), rnd(seed, `${tag}-s`, expr))} || ${pick(arr(GIVEN), rnd(seed, `${tag}-g`, expr))}`;

/** Townships of Feng County (凤县), where the seed document is from; a province repeats them per county. */
const TOWNSHIPS = ['双石铺镇', '凤州镇', '黄牛铺镇', '红花铺镇', '河口镇', '唐藏镇', '平木镇', '坪坎镇', '留凤关镇'];
const COUNTIES = ['凤县', '太白县', '麟游县', '千阳县', '陇县', '眉县', '岐山县', '扶风县', '凤翔县', '宝鸡县'];
const BRANDS = ['凤州', '嘉陵', '秦岭', '羌寨', '金台', '紫柏', '灵官', '通天河', '消灾寺', '酒奠梁', '安河', '永生'];

export async function setupFunctions(c: Client) {
  // Hash-based randomness: the same seed gives the same rows whatever the plan or row order.
  await c.query(`CREATE OR REPLACE FUNCTION pg_temp.rnd(s text) RETURNS double precision LANGUAGE sql IMMUTABLE AS $$ SELECT ('x' || substr(md5(s), 1, 12))::bit(48)::bigint / 281474976710656.0 $$`);
}

/** Agencies, the command/admin/reviewer accounts, inspectors, joint teams, one manager per site. */
export async function seedPeople(c: Client, p: Preset, seed: number, passwordHash: string) {
  const agencies = [
    [SCALE_MARKER, '公安局 Public Security Bureau', 'POLICE'],
    ['SCALE-AMR', '市场监督管理局 Market Regulation Bureau', 'MARKET_REGULATION'],
    ['SCALE-HEALTH', '卫生健康局 Health Bureau', 'HEALTH'],
    ['SCALE-TRANSPORT', '交通运输局 Transport Bureau', 'TRANSPORT'],
    ['SCALE-TOWNSHIP', '镇人民政府 Township Government', 'TOWNSHIP'],
  ];
  await c.query(`CREATE TEMP TABLE scale_agency (n int PRIMARY KEY, id uuid)`);
  for (const [i, [code, name, kind]] of agencies.entries()) {
    const { rows } = await c.query(`INSERT INTO agency (id, code, name, kind) VALUES (${uid(seed, 'agency', `${i + 1}`)}, $1, $2, $3) RETURNING id`, [code, name, kind]);
    await c.query(`INSERT INTO scale_agency VALUES ($1, $2)`, [i + 1, rows[0].id]);
  }
  const police = `(SELECT id FROM scale_agency WHERE n = 1)`;
  await c.query(
    `INSERT INTO account (id, username, display_name, password_hash, role, agency_id) VALUES
       (${uid(seed, 'acct', "'command'")}, $1, '指挥中心值班员 Command Centre (scale)', $4, 'COMMAND', ${police}),
       (${uid(seed, 'acct', "'admin'")}, $2, '系统管理员 Administrator (scale)', $4, 'ADMIN', NULL),
       (${uid(seed, 'acct', "'reviewer'")}, $3, '监察室 Supervision Office (scale)', $4, 'REVIEWER', ${police})`,
    [SCALE_USERS.command, SCALE_USERS.admin, SCALE_USERS.reviewer, passwordHash],
  );
  // Inspector n belongs to agency ((n-1) mod 5)+1, so five consecutive inspectors make a joint team.
  await c.query(
    `INSERT INTO account (id, username, display_name, password_hash, role, agency_id)
     SELECT ${uid(seed, 'inspector', 'n')}, 'scale-inspector-' || lpad(n::text, 5, '0'), ${personName(seed, 'inspector', 'n')} || ' (检查员 ' || n || ')', $1, 'INSPECTOR',
            (SELECT id FROM scale_agency WHERE scale_agency.n = ((g.n - 1) % 5) + 1)
       FROM generate_series(1, $2::int) AS g(n)`,
    [passwordHash, p.inspectors],
  );
  await c.query(
    `CREATE TEMP TABLE scale_team AS
     SELECT t AS n, ${uid(seed, 'team', 't')} AS id, ${uid(seed, 'inspector', `(((t - 1) * 5) % ${p.inspectors}) + 1`)} AS leader_id
       FROM generate_series(1, $1::int) AS t`,
    [p.teams],
  );
  await c.query(`ALTER TABLE scale_team ADD PRIMARY KEY (n)`);
  await c.query(`INSERT INTO inspection_team (id, name, leader_id) SELECT id, '联合检查组 Joint Team S' || lpad(n::text, 4, '0'), leader_id FROM scale_team`);
  await c.query(
    `INSERT INTO team_member (team_id, account_id)
     SELECT DISTINCT t.id, ${uid(seed, 'inspector', `(((t.n - 1) * 5 + j - 1) % ${p.inspectors}) + 1`)}
       FROM scale_team t CROSS JOIN generate_series(1, 5) AS j`,
  );
  // One facility manager per site (ids are derived from the site number, sites come next).
  await c.query(
    `INSERT INTO account (id, username, display_name, password_hash, role)
     SELECT ${uid(seed, 'manager', 'n')}, 'scale-manager-' || lpad(n::text, 6, '0'), ${personName(seed, 'manager', 'n')} || ' (场所负责人 ' || n || ')', $1, 'FACILITY_MANAGER'
       FROM generate_series(1, $2::int) AS g(n)`,
    [passwordHash, p.sites],
  );
}

/** Sites of every kind with the columns of their kind, each bound to its manager. */
export async function seedSites(c: Client, p: Preset, seed: number) {
  const r = (tag: string) => rnd(seed, `site-${tag}`, 'n');
  const district = p.sites > 5000 ? `${pick(arr(COUNTIES), r('county'))} || ${pick(arr(TOWNSHIPS), r('town'))}` : pick(arr(TOWNSHIPS), r('town'));
  await c.query(
    `CREATE TEMP TABLE scale_site AS
     SELECT n, ${uid(seed, 'site', 'n')} AS id, ${uid(seed, 'manager', 'n')} AS manager_id,
            CASE WHEN k < 0.30 THEN 'HOTEL' WHEN k < 0.75 THEN 'VENUE' WHEN k < 0.78 THEN 'DETENTION_FACILITY'
                 WHEN k < 0.93 THEN 'ISOLATION_SITE' WHEN k < 0.97 THEN 'CHECKPOINT' ELSE 'SAMPLING_POINT' END AS kind
       FROM (SELECT n, ${r('kind')} AS k FROM generate_series(1, $1::int) AS n) s`,
    [p.sites],
  );
  await c.query(`ALTER TABLE scale_site ADD PRIMARY KEY (n)`);
  const word = `CASE s.kind WHEN 'HOTEL' THEN ${pick(arr(['宾馆', '大酒店', '旅社', '快捷酒店']), r('word'))} WHEN 'VENUE' THEN ${pick(arr(['农贸市场', '餐馆', '网吧', 'KTV', '浴池', '超市']), r('word'))}
       WHEN 'DETENTION_FACILITY' THEN ${pick(arr(['看守所', '拘留所', '戒毒所']), r('word'))} WHEN 'ISOLATION_SITE' THEN '集中隔离点' WHEN 'CHECKPOINT' THEN '公安检查站' ELSE '核酸采集点' END`;
  await c.query(
    `INSERT INTO site (id, kind, name, address, district, grid, latitude, longitude, risk_level, status, closed_reason, contact_name, contact_phone,
                       room_count, guest_registration_system, venue_category, capacity, facility_type, security_level, bed_count, current_occupancy, road_type, road_name, created_at, updated_at)
     SELECT s.id, s.kind, ${pick(arr(BRANDS), r('brand'))} || ${word} || ' ' || lpad(s.n::text, 5, '0'),
            d.district || ${pick(arr(['凤州大道', '滨河路', '东街', '中街', '北山路', '南环路', '建设路', '人民路']), r('street'))} || (1 + floor(${r('no')} * 200)::int) || '号',
            d.district, 'G-' || lpad((1 + floor(${r('grid')} * 40)::int)::text, 2, '0'),
            33.6 + ${r('lat')} * 0.6, 106.2 + ${r('lon')} * 0.7,
            CASE WHEN s.kind IN ('DETENTION_FACILITY', 'ISOLATION_SITE') THEN ${pick(arr(['HIGH', 'HIGH', 'CRITICAL', 'MEDIUM']), r('risk'))} ELSE ${pick(arr(['LOW', 'MEDIUM', 'MEDIUM', 'MEDIUM', 'HIGH']), r('risk'))} END,
            CASE WHEN ${r('closed')} < 0.03 THEN 'CLOSED' ELSE 'ACTIVE' END,
            CASE WHEN ${r('closed')} < 0.03 THEN '停业整顿 closed for rectification' END,
            ${personName(seed, 'contact', 's.n')}, '0917-' || lpad((4700000 + s.n)::text, 7, '0'),
            CASE WHEN s.kind = 'HOTEL' THEN 10 + floor(${r('rooms')} * 290)::int END,
            CASE WHEN s.kind = 'HOTEL' THEN '旅馆业治安管理信息系统' END,
            CASE WHEN s.kind = 'VENUE' THEN ${pick(arr(['MARKET', 'RESTAURANT', 'INTERNET_CAFE', 'KTV', 'BATH_HOUSE', 'SUPERMARKET']), r('cat'))} END,
            CASE WHEN s.kind IN ('VENUE', 'DETENTION_FACILITY') THEN 20 + floor(${r('cap')} * 800)::int END,
            CASE WHEN s.kind = 'DETENTION_FACILITY' THEN ${pick(arr(['DETENTION_CENTRE', 'ADMINISTRATIVE_DETENTION', 'COMPULSORY_REHAB']), r('ft'))} END,
            CASE WHEN s.kind = 'DETENTION_FACILITY' THEN ${pick(arr(['HIGH', 'MEDIUM']), r('sec'))} END,
            CASE WHEN s.kind = 'ISOLATION_SITE' THEN 20 + floor(${r('beds')} * 180)::int END,
            CASE WHEN s.kind = 'ISOLATION_SITE' THEN floor(${r('occ')} * 20)::int END,
            CASE WHEN s.kind = 'CHECKPOINT' THEN ${pick(arr(['HIGHWAY_EXIT', 'NATIONAL_ROAD', 'PROVINCIAL_ROAD']), r('road'))} END,
            CASE WHEN s.kind = 'CHECKPOINT' THEN ${pick(arr(['G85 银昆高速', 'G316', 'S212', 'S219']), r('roadname'))} END,
            now() - interval '3 years', now() - interval '3 years'
       FROM scale_site s CROSS JOIN LATERAL (SELECT ${district} AS district) d`,
  );
  await c.query(`INSERT INTO site_manager (site_id, account_id) SELECT id, manager_id FROM scale_site`);
}
