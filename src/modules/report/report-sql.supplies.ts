import { district, inPeriod } from './report-sql.shared';

/** Delivery `d` to site `s`: handed over in the period, to a site of the district. */
export const DELIVERY_IN_PERIOD = `${inPeriod('d.delivered_at')} AND ${district('s')}`;
/** Delivery `d` was recorded by the cutoff (counted in the figures; later ones are late arrivals). */
export const DELIVERY_KNOWN = `d.created_at <= $3::timestamptz`;

/** Supplies delivered to sites in the period, per item. */
export const suppliesSql = `
  SELECT d.item_code AS "itemCode", i.name, i.kind, i.unit, i.unit_zh AS "unitZh", i.unit_en AS "unitEn", i.unit_en_plural AS "unitEnPlural",
         coalesce(sum(d.quantity) FILTER (WHERE ${DELIVERY_KNOWN}), 0)::int AS quantity,
         count(*) FILTER (WHERE ${DELIVERY_KNOWN})::int AS deliveries,
         count(DISTINCT d.site_id) FILTER (WHERE ${DELIVERY_KNOWN})::int AS sites,
         count(*) FILTER (WHERE NOT (${DELIVERY_KNOWN}))::int AS late
  FROM supply_delivery d JOIN supply_item i ON i.code = d.item_code JOIN site s ON s.id = d.site_id
  WHERE ${DELIVERY_IN_PERIOD}
  GROUP BY d.item_code, i.name, i.kind, i.unit, i.unit_zh, i.unit_en, i.unit_en_plural ORDER BY d.item_code`;
