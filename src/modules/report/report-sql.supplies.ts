import { district, inPeriod } from './report-sql.shared';

/** Supplies delivered to sites in the period, per item. */
export const suppliesSql = `
  SELECT d.item_code AS "itemCode", i.name, i.kind, i.unit, i.unit_zh AS "unitZh", i.unit_en AS "unitEn", i.unit_en_plural AS "unitEnPlural",
         coalesce(sum(d.quantity) FILTER (WHERE d.created_at <= $3::timestamptz), 0)::int AS quantity,
         count(*) FILTER (WHERE d.created_at <= $3::timestamptz)::int AS deliveries,
         count(DISTINCT d.site_id) FILTER (WHERE d.created_at <= $3::timestamptz)::int AS sites,
         count(*) FILTER (WHERE d.created_at > $3::timestamptz)::int AS late
  FROM supply_delivery d JOIN supply_item i ON i.code = d.item_code JOIN site s ON s.id = d.site_id
  WHERE ${inPeriod('d.delivered_at')} AND ${district('s')}
  GROUP BY d.item_code, i.name, i.kind, i.unit, i.unit_zh, i.unit_en, i.unit_en_plural ORDER BY d.item_code`;
