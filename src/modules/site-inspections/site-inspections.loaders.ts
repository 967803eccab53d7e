import DataLoader from 'dataloader';
import { siteScope } from '../../common/authorize';
import { loader } from '../../common/loaders';
import { Inspection } from '../inspection/inspection.entity';
import type { Ctx } from '../../context';

/** `i."site_id" AS "siteId", …` for every column of the entity: rows come back in its shape. */
let selectList: string | undefined;
function inspectionColumns(ctx: Ctx): string {
  return (selectList ??= ctx.em.connection
    .getMetadata(Inspection)
    .columns.map((c) => `i."${c.databaseName}" AS "${c.propertyName}"`)
    .join(', '));
}

/** Key: `${first}|${siteId}`; one batch usually has one `first`, so one statement. */
export const recentInspectionsBySite = loader(
  (ctx) =>
    new DataLoader<string, Inspection[]>(async (keys) => {
      const scope = ctx.actor ? siteScope(ctx.actor) : [];
      const byFirst = new Map<number, string[]>();
      for (const k of keys) {
        const [first, siteId] = k.split('|');
        const list = byFirst.get(Number(first)) ?? [];
        list.push(siteId);
        byFirst.set(Number(first), list);
      }
      const found = new Map<string, Inspection[]>();
      for (const [first, siteIds] of byFirst) {
        const ids = [...new Set(siteIds)];
        // The newest `first` of each site in ONE statement: a LATERAL top-N per site over the
        // (site_id, …) index. The caller's scope is applied in SQL, as for the inspections list.
        const rows: Inspection[] = await ctx.em.query(
          `SELECT ${inspectionColumns(ctx)}
             FROM unnest($1::uuid[]) AS k(site_id)
             CROSS JOIN LATERAL (SELECT * FROM inspection WHERE site_id = k.site_id ORDER BY created_at DESC, id DESC LIMIT $2) i
            WHERE $3::uuid[] IS NULL OR k.site_id = ANY($3::uuid[])
            ORDER BY k.site_id, i.created_at DESC, i.id DESC`,
          [ids, first, scope],
        );
        for (const id of ids) found.set(`${first}|${id}`, []);
        for (const r of rows) found.get(`${first}|${r.siteId}`)!.push(r);
      }
      return keys.map((k) => found.get(k) ?? []);
    }),
);
