import DataLoader from 'dataloader';
import { In, Not } from 'typeorm';
import { byKey, groupByKey, loader } from '../../common/loaders';
import type { Ctx } from '../../context';
import { Finding, Rectification, SETTLED_STATUSES } from './finding.entity';

/** Not scoped: callers resolve findings of records the actor may already see (same site). */
export const findingsById = loader((ctx) => new DataLoader<string, Finding | null>(async (ids) => byKey(ids, await ctx.em.find(Finding, { where: { id: In([...ids]) } }), (f) => f.id)));

const SEVERITY_RANK = { CRITICAL: 0, MAJOR: 1, MINOR: 2 } as const;

/** `f."item_code" AS "itemCode", …` for every column: raw rows come back in the entity's shape. */
let findingSelect: string | undefined;
const findingColumns = (ctx: Ctx) => (findingSelect ??= ctx.em.connection.getMetadata(Finding).columns.map((c) => `f."${c.databaseName}" AS "${c.propertyName}"`).join(', '));
/** The same order as String.prototype.localeCompare (ECMA-402 defines one by the other), built once. */
const collator = new Intl.Collator();

/** Findings of each inspection: by raise time, then most severe first, then item code. */
export const findingsByInspectionId = loader(
  (ctx) =>
    new DataLoader<string, Finding[]>(async (ids) => {
      // Raw rows in the entity's shape and one array parameter: a nested read loads hundreds of
      // findings here, and TypeORM's hydration and IN (…500 parameters…) cost more than the SQL.
      const rows: Finding[] = await ctx.em.query(`SELECT ${findingColumns(ctx)} FROM finding f WHERE f.inspection_id = ANY($1::uuid[])`, [[...ids]]);
      rows.sort((a, b) => a.raisedAt.getTime() - b.raisedAt.getTime() || SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || collator.compare(a.itemCode ?? '~', b.itemCode ?? '~') || collator.compare(a.id, b.id));
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
