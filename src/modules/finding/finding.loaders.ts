import DataLoader from 'dataloader';
import { In, Not } from 'typeorm';
import { byKey, groupByKey, loader } from '../../common/loaders';
import type { Ctx } from '../../context';
import { Finding, Rectification, SETTLED_STATUSES } from './finding.entity';

/** Not scoped: callers resolve findings of records the actor may already see (same site). */
export const findingsById = loader((ctx) => new DataLoader<string, Finding | null>(async (ids) => byKey(ids, await ctx.em.find(Finding, { where: { id: In([...ids]) } }), (f) => f.id)));

/** `f."item_code" AS "itemCode", …` for every column: raw rows come back in the entity's shape. */
let findingSelect: string | undefined;
const findingColumns = (ctx: Ctx) => (findingSelect ??= ctx.em.connection.getMetadata(Finding).columns.map((c) => `f."${c.databaseName}" AS "${c.propertyName}"`).join(', '));

/**
 * The order of an inspection's findings, defined once in SQL for the loader below and the read
 * compiler (finding.compiled.ts): by raise time, then most severe first, then item code (byte
 * order: codes are capitals, digits, _ . -), findings without an item last, then id.
 */
export const findingOrder = (f: string) =>
  `${f}.raised_at, CASE ${f}.severity WHEN 'CRITICAL' THEN 0 WHEN 'MAJOR' THEN 1 ELSE 2 END, ${f}.item_code COLLATE "C" NULLS LAST, ${f}.id`;

/** Findings of each inspection, in `findingOrder`. */
export const findingsByInspectionId = loader(
  (ctx) =>
    new DataLoader<string, Finding[]>(async (ids) => {
      // Raw rows in the entity's shape and one array parameter: a nested read loads hundreds of
      // findings here, and TypeORM's hydration and IN (…500 parameters…) cost more than the SQL.
      const rows: Finding[] = await ctx.em.query(`SELECT ${findingColumns(ctx)} FROM finding f WHERE f.inspection_id = ANY($1::uuid[]) ORDER BY ${findingOrder('f')}`, [[...ids]]);
      return groupByKey(ids, rows, (f) => f.inspectionId);
    }),
);

/** Findings of each site that are not yet VERIFIED or WITHDRAWN, earliest deadline first. */
export const openFindingsBySiteId = loader(
  (ctx) =>
    new DataLoader<string, Finding[]>(async (ids) =>
      groupByKey(ids, await ctx.em.find(Finding, { where: { siteId: In([...ids]), status: Not(In(SETTLED_STATUSES)) }, order: { deadline: 'ASC', id: 'ASC' } }), (f) => f.siteId),
    ),
);

export const rectificationsByFindingId = loader(
  (ctx) =>
    new DataLoader<string, Rectification[]>(async (ids) =>
      groupByKey(ids, await ctx.em.find(Rectification, { where: { findingId: In([...ids]) }, order: { submittedAt: 'ASC', createdAt: 'ASC', id: 'ASC' } }), (r) => r.findingId),
    ),
);
