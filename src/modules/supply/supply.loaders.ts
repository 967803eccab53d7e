import DataLoader from 'dataloader';
import { In } from 'typeorm';
import { byKey, loader } from '../../common/loaders';
import { SupplyDelivery, SupplyItem } from './supply.entity';

export const supplyItemsByCode = loader((ctx) => new DataLoader<string, SupplyItem | null>(async (codes) => byKey(codes, await ctx.em.find(SupplyItem, { where: { code: In([...codes]) } }), (i) => i.code)));

/** Key: item code, the sites (sorted ids joined by ',' or '*' for every site) and a limit. */
export const deliveryKey = (code: string, sites: string[] | null, limit = 0) => `${code}|${sites === null ? '*' : [...sites].sort().join(',')}|${limit}`;

function parseKey(k: string) {
  const [code, sites, limit] = k.split('|');
  return { code, sites: sites === '*' ? null : sites ? sites.split(',') : [], limit: Number(limit), group: `${sites}|${limit}` };
}

/** Runs `query` once per distinct (sites, limit) with all the item codes asked for it. */
async function perGroup<V>(keys: readonly string[], query: (codes: string[], sites: string[] | null, limit: number) => Promise<Map<string, V>>, empty: V): Promise<V[]> {
  const parsed = keys.map(parseKey);
  const results = new Map<string, Map<string, V>>();
  for (const group of new Set(parsed.map((p) => p.group))) {
    const members = parsed.filter((p) => p.group === group);
    const { sites, limit } = members[0];
    results.set(group, sites !== null && sites.length === 0 ? new Map() : await query(members.map((m) => m.code), sites, limit));
  }
  return parsed.map((p) => results.get(p.group)!.get(p.code) ?? empty);
}

/** Total delivered per item to the given sites (one aggregate per group). */
export const deliveredQuantity = loader(
  (ctx) =>
    new DataLoader<string, number>((keys) =>
      perGroup(
        keys,
        async (codes, sites) => {
          const rows: { item_code: string; total: string }[] = await ctx.em.query(
            `SELECT item_code, sum(quantity) AS total FROM supply_delivery WHERE item_code = ANY($1::text[]) ${sites ? 'AND site_id = ANY($2::uuid[])' : ''} GROUP BY item_code`,
            sites ? [codes, sites] : [codes],
          );
          return new Map(rows.map((r) => [r.item_code, Number(r.total)]));
        },
        0,
      ),
    ),
);

/** The latest `limit` deliveries per item to the given sites (one windowed query per group). */
export const recentDeliveries = loader(
  (ctx) =>
    new DataLoader<string, SupplyDelivery[]>((keys) =>
      perGroup(
        keys,
        async (codes, sites, limit) => {
          const qb = ctx.em
            .createQueryBuilder(SupplyDelivery, 'd')
            .addSelect('row_number() OVER (PARTITION BY d.item_code ORDER BY d.delivered_at DESC, d.id DESC)', 'rn')
            .where('d.item_code IN (:...codes)', { codes });
          if (sites) qb.andWhere('d.site_id IN (:...sites)', { sites });
          const outer = ctx.em
            .createQueryBuilder()
            .select('x.*')
            .from(`(${qb.getQuery()})`, 'x')
            .where('x.rn <= :limit', { limit })
            .orderBy('x.d_delivered_at', 'DESC')
            .addOrderBy('x.d_id', 'DESC')
            .setParameters(qb.getParameters());
          const raw: Record<string, unknown>[] = await outer.getRawMany();
          const map = new Map<string, SupplyDelivery[]>();
          for (const r of raw) {
            const d = Object.assign(new SupplyDelivery(), {
              id: r.d_id,
              itemCode: r.d_item_code,
              siteId: r.d_site_id,
              quantity: r.d_quantity,
              deliveredAt: r.d_delivered_at,
              notes: r.d_notes,
              recordedById: r.d_recorded_by_id,
              createdAt: r.d_created_at,
            });
            map.set(d.itemCode, [...(map.get(d.itemCode) ?? []), d]);
          }
          return map;
        },
        [],
      ),
    ),
);
