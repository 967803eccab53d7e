import DataLoader from 'dataloader';
import { In } from 'typeorm';
import { byKey, groupByKey, loader } from '../../common/loaders';
import { Inspection, InspectionAnswer, InspectionMember } from './inspection.entity';

/** Not scoped: callers resolve links of records the actor may already see (same site). */
export const inspectionsById = loader((ctx) => new DataLoader<string, Inspection | null>(async (ids) => byKey(ids, await ctx.em.find(Inspection, { where: { id: In([...ids]) } }), (i) => i.id)));

export const answersByInspectionId = loader(
  (ctx) => new DataLoader<string, InspectionAnswer[]>(async (ids) => groupByKey(ids, await ctx.em.find(InspectionAnswer, { where: { inspectionId: In([...ids]) }, order: { itemCode: 'ASC' } }), (a) => a.inspectionId)),
);

export const membersByInspectionId = loader(
  (ctx) => new DataLoader<string, InspectionMember[]>(async (ids) => groupByKey(ids, await ctx.em.find(InspectionMember, { where: { inspectionId: In([...ids]) }, order: { isLeader: 'DESC', accountId: 'ASC' } }), (m) => m.inspectionId)),
);

/** Inspections that correct each inspection. */
export const correctionsByInspectionId = loader(
  (ctx) =>
    new DataLoader<string, Inspection[]>(async (ids) =>
      groupByKey(ids, await ctx.em.find(Inspection, { where: { correctsInspectionId: In([...ids]) }, order: { createdAt: 'ASC' } }), (i) => i.correctsInspectionId!),
    ),
);

/** The next visit already planned for each site (SCHEDULED or IN_PROGRESS), earliest due first. */
export const plannedInspectionBySiteId = loader(
  (ctx) =>
    new DataLoader<string, Inspection | null>(async (ids) => {
      const rows = await ctx.em.find(Inspection, { where: { siteId: In([...ids]), status: In(['SCHEDULED', 'IN_PROGRESS']) }, order: { dueAt: 'DESC', id: 'DESC' } });
      // Later rows win in byKey: ordered DESC, the earliest due is kept (then the lowest id, so
      // the read compiler's twin, inspection.compiled.ts, picks the same one).
      return byKey(ids, rows, (i) => i.siteId);
    }),
);

/**
 * Inspections of each site, newest first, for nested reads such as `site { inspections }`. The
 * caller has already decided the actor may see the site.
 */
export const inspectionsBySiteId = loader(
  (ctx) =>
    new DataLoader<string, Inspection[]>(async (ids) =>
      groupByKey(ids, await ctx.em.find(Inspection, { where: { siteId: In([...ids]) }, order: { createdAt: 'DESC', id: 'DESC' } }), (i) => i.siteId),
    ),
);
