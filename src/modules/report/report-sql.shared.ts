/*
 * The report's SQL, shared parts: every section's statement (report-sql.<section>.ts) uses these.
 * Parameters, the same in every statement:
 *   $1 period start (inclusive), $2 period end (exclusive), $3 cutoff, $4 district or NULL,
 *   $5 the time zone in which checkpoint shift dates are calendar days. A statement is sent
 *   the parameters up to the highest one it uses (PostgreSQL rejects unused untyped ones).
 *
 * The as-of rule (see the SDL of Report): a record counts in the main figures only when it was
 * recorded at or before the cutoff (its created_at; recorded_at for disinfection entries), and a
 * status counts as it stood at the cutoff. Records about the period recorded after the cutoff
 * are counted separately as late arrivals.
 *
 * Range filters on timestamptz columns are written as `(col AT TIME ZONE 'UTC')` so they match
 * the expression indexes of the ReportIndexes migration.
 *
 * With a district, the statements about sites are built with `byDistrict` true: each also says
 * that the row's site is one of the district's (`inDistrict`, implied by the district filter, so
 * no figure changes), and ranges over the same time through `(site_id::text, time)` indexes
 * (ReportDistrictIndexes): a district's report reads that district's rows, however large the
 * area around it. Without one the statements stay as they are (no `$4 IS NULL OR …` on the
 * site, which would spoil the plans of the whole-area report).
 */

/** Bits per row of a day set (report_day_set.bits). */
export const DAY_SET_BITS = 8192;

/**
 * A set's bitmaps built from its members' positions `p` per key (`src` yields the `keys`
 * columns and p; `keys` is ['kind'] unless given): first per 64-bit word (an int8 bit_or per
 * member, `WORDS`), then each chunk's words, the empty ones as zero, in order into its
 * bit(DAY_SET_BITS) (`BITS_OF_WORDS`, on the words' CTE, which it reads twice: the words and
 * which (key, chunk) have any). The same bitmaps as bit_or(one >> p) per member, which
 * allocates and shifts a whole 8192-bit string per member (~2.5 µs each: thousands of members
 * per set at province).
 */
export const WORDS = (src: string, keys = ['kind']) => `
    SELECT ${keys.join(', ')}, p / ${DAY_SET_BITS} AS chunk, (p % ${DAY_SET_BITS}) / 64 AS wi, bit_or(1::int8 << (63 - p % 64)) AS v FROM ${src} w
    GROUP BY ${[...keys, 'chunk', 'wi'].join(', ')}`;
export const BITS_OF_WORDS = (words: string, keys = ['kind']) => `
    SELECT ${keys.join(', ')}, chunk, string_agg(v::bit(64)::text, '' ORDER BY wi)::bit(${DAY_SET_BITS}) AS bits FROM (
      SELECT ${keys.join(', ')}, chunk, wi, bit_or(v) AS v FROM (
        SELECT ${keys.join(', ')}, chunk, wi, v FROM ${words}
        UNION ALL SELECT ${keys.map((k) => `c.${k}`).join(', ')}, c.chunk, g.wi, 0 FROM (SELECT DISTINCT ${keys.join(', ')}, chunk FROM ${words}) c CROSS JOIN generate_series(0, ${DAY_SET_BITS / 64 - 1}) g(wi)) z
      GROUP BY ${keys.join(', ')}, chunk, wi) y
    GROUP BY ${keys.join(', ')}, chunk`;

export const utc = (col: string) => `(${col} AT TIME ZONE 'UTC')`;
export const FROM = `($1::timestamptz AT TIME ZONE 'UTC')`;
export const TO = `($2::timestamptz AT TIME ZONE 'UTC')`;
export const CUTOFF = `($3::timestamptz AT TIME ZONE 'UTC')`;
export const inPeriod = (col: string) => `${utc(col)} >= ${FROM} AND ${utc(col)} < ${TO}`;
export const district = (alias: string) => `($4::text IS NULL OR ${alias}.district = $4::text)`;
export const utcOf = (e: string) => `(${e} AT TIME ZONE 'UTC')`;

/**
 * With a district: the row's site is one of the district's, in the form of the site-leading
 * indexes (`site_id::text`), followed by the given range on the index's time expression.
 */
export const inDistrict = (byDistrict: boolean, alias: string, ...more: string[]) =>
  byDistrict ? ['', `${alias}.site_id::text = ANY(ARRAY(SELECT ds.id::text FROM site ds WHERE ds.district = $4::text))`, ...more].join(' AND ') : '';

/**
 * The value a column of a row had at the cutoff: unchanged since (updated_at ≤ cutoff) it is
 * the current one; otherwise it is the `before` of the first change of that field the audit
 * trail recorded after the cutoff (every change is audited, with before and after, in the same
 * transaction as the change), or the current value when no such change was recorded.
 */
export const atCutoff = (alias: string, entityType: string, column: string, key: string, type = 'text') => `(CASE WHEN ${alias}.updated_at <= $3::timestamptz THEN ${alias}.${column}::${type} ELSE coalesce(
    (SELECT (a.changes->'${key}'->>'before')::${type} FROM audit_event a
     WHERE a.entity_type = '${entityType}' AND a.entity_id = ${alias}.id::text AND a.occurred_at > $3::timestamptz AND a.changes ? '${key}'
     ORDER BY a.id LIMIT 1),
    ${alias}.${column}::${type}) END)`;

export const statusAtCutoff = (alias: string, entityType: string) => atCutoff(alias, entityType, 'status', 'status');
