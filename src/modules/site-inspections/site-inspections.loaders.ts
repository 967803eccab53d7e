import DataLoader from 'dataloader';
import { siteScope } from '../../common/access';
import { loader } from '../../common/loaders';
import { Inspection } from '../inspection/inspection.entity';
import type { Ctx } from '../../context';

/** `i."site_id" AS "siteId", …` for the given entity properties (all when null): rows in the entity's shape. */
const selectLists = new Map<string, string>();
function selectList(ctx: Ctx, properties: string[] | null): string {
  const key = properties?.join(',') ?? '*';
  let list = selectLists.get(key);
  if (!list) {
    const columns = ctx.em.connection.getMetadata(Inspection).columns.filter((c) => !properties || properties.includes(c.propertyName));
    list = columns.map((c) => `i."${c.databaseName}" AS "${c.propertyName}"`).join(', ');
    if (selectLists.size >= 256) selectLists.clear(); // clients choose the selections: stay bounded
    selectLists.set(key, list);
  }
  return list;
}

/**
 * The newest `first` inspections of each site. Key: `${first}|${columns}|${siteId}` (columns:
 * the entity properties the selection needs, `*` for all); a batch usually has one
 * (first, columns) pair, so one statement.
 */
export const recentInspectionsBySite = loader(
  (ctx) =>
    new DataLoader<string, Inspection[]>(async (keys) => {
      const scope = ctx.actor ? siteScope(ctx.actor) : [];
      const groups = new Map<string, string[]>();
      for (const k of keys) {
        const at = k.lastIndexOf('|');
        const list = groups.get(k.slice(0, at)) ?? [];
        list.push(k.slice(at + 1));
        groups.set(k.slice(0, at), list);
      }
      const found = new Map<string, Inspection[]>();
      for (const [group, siteIds] of groups) {
        const [first, columns] = group.split('|');
        const ids = [...new Set(siteIds)];
        // A LATERAL top-N per site over the (site_id, …) index, in ONE statement; the caller's
        // scope is applied in SQL, as for the inspections list. Raw rows, not TypeORM entities:
        // this read returns hundreds of them and the entities' hydration cost more than the SQL.
        const rows: Inspection[] = await ctx.em.query(
          `SELECT ${selectList(ctx, columns === '*' ? null : columns.split(','))}
             FROM unnest($1::uuid[]) AS k(site_id)
             CROSS JOIN LATERAL (SELECT * FROM inspection WHERE site_id = k.site_id ORDER BY created_at DESC, id DESC LIMIT $2) i
            WHERE $3::uuid[] IS NULL OR k.site_id = ANY($3::uuid[])
            ORDER BY k.site_id, i.created_at DESC, i.id DESC`,
          [ids, Number(first), scope],
        );
        for (const id of ids) found.set(`${group}|${id}`, []);
        for (const r of rows) found.get(`${group}|${r.siteId}`)!.push(r);
      }
      return keys.map((k) => found.get(k) ?? []);
    }),
);
