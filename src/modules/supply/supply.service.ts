import type { Ctx } from '../../context';
import { authorize } from '../../common/authorize';
import { siteScope } from '../../common/access';
import { badInput } from '../../common/errors';
import { inTransaction } from '../../common/transaction';
import { recordAudit } from '../audit/audit.service';
import { idempotent } from '../idempotency/idempotency.service';
import { Site } from '../site/site.entity';
import { SupplyDelivery, SupplyItem, SupplyReceipt } from './supply.entity';
import { deliveryInput, parse, receiveInput, suppliesFilter } from './supply.input';

/** Deliveries may be recorded a little ahead of the clock (devices drift), not days ahead. */
const FUTURE_SLACK_MS = 60 * 60 * 1000;

/** Stock into the central store (purchase, donation). */
export async function receiveSupplies(ctx: Ctx, raw: unknown): Promise<SupplyReceipt> {
  authorize(ctx, 'supply:manage');
  const { idempotencyKey, ...input } = parse(receiveInput, raw);
  return inTransaction(ctx, async (tx) => {
    const { resultId } = await idempotent(tx, 'receiveSupplies', idempotencyKey, input, async () => {
      const [rows] = await tx.em.query(`UPDATE supply_item SET stock = stock + $2, updated_at = now() WHERE code = $1 RETURNING stock`, [input.itemCode, input.quantity]);
      if (!rows.length) throw badInput('input.itemCode', `no supply item ${input.itemCode}`);
      const [receipt] = await tx.em.query(`INSERT INTO supply_receipt (item_code, quantity, source, recorded_by_id) VALUES ($1, $2, $3, $4) RETURNING id`, [input.itemCode, input.quantity, input.source, tx.actor!.id]);
      await recordAudit(tx, { action: 'supply.receive', entityType: 'SupplyItem', entityId: input.itemCode, before: { stock: rows[0].stock - input.quantity }, after: { stock: rows[0].stock, receiptId: receipt.id, source: input.source } });
      return receipt.id as string;
    });
    return tx.em.findOneByOrFail(SupplyReceipt, { id: resultId });
  });
}

/**
 * Moves stock from the central store to a site. The stock check and the decrement are one
 * conditional UPDATE, so concurrent deliveries can never take more than is there; the CHECK
 * (stock >= 0) backs it up.
 */
export async function recordSupplyDelivery(ctx: Ctx, raw: unknown): Promise<SupplyDelivery> {
  authorize(ctx, 'supply:manage');
  const { idempotencyKey, ...input } = parse(deliveryInput, raw);
  if (input.deliveredAt.getTime() > ctx.now().getTime() + FUTURE_SLACK_MS) throw badInput('input.deliveredAt', 'cannot be in the future');
  return inTransaction(ctx, async (tx) => {
    const { resultId } = await idempotent(tx, 'recordSupplyDelivery', idempotencyKey, input, async () => {
      const site = await tx.em.findOneBy(Site, { id: input.siteId });
      if (!site) throw badInput('input.siteId', 'no such site');
      authorize(tx, 'supply:manage', { siteId: site.id });
      const [rows] = await tx.em.query(`UPDATE supply_item SET stock = stock - $2, updated_at = now() WHERE code = $1 AND stock >= $2 RETURNING stock`, [input.itemCode, input.quantity]);
      if (!rows.length) {
        const item = await tx.em.findOneBy(SupplyItem, { code: input.itemCode });
        if (!item) throw badInput('input.itemCode', `no supply item ${input.itemCode}`);
        throw badInput('input.quantity', `not enough stock: ${item.stock} ${item.unit.toLowerCase()}(s) of ${item.code} in store, ${input.quantity} asked for`);
      }
      const [d] = await tx.em.query(
        `INSERT INTO supply_delivery (item_code, site_id, quantity, delivered_at, notes, recorded_by_id) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [input.itemCode, site.id, input.quantity, input.deliveredAt, input.notes ?? null, tx.actor!.id],
      );
      await recordAudit(tx, { action: 'supply.deliver', entityType: 'SupplyItem', entityId: input.itemCode, before: { stock: rows[0].stock + input.quantity }, after: { stock: rows[0].stock, deliveryId: d.id, siteId: site.id, quantity: input.quantity } });
      return d.id as string;
    });
    return tx.em.findOneByOrFail(SupplyDelivery, { id: resultId });
  });
}

/** An item with the sites its delivery figures cover: `null` = every site. */
export type ScopedItem = SupplyItem & { deliverySites: string[] | null };

/** Every item with its central stock; delivery figures limited to the site filter and the caller's scope. */
export async function listSupplies(ctx: Ctx, rawFilter: unknown): Promise<ScopedItem[]> {
  const actor = authorize(ctx, 'supply:read');
  const f = parse(suppliesFilter, rawFilter, 'filter');
  if (f.siteId) authorize(ctx, 'supply:read', { siteId: f.siteId });
  const deliverySites = f.siteId ? [f.siteId] : siteScope(actor);
  const items = await ctx.em.find(SupplyItem, { order: { code: 'ASC' } });
  return items.map((i) => Object.assign(i, { deliverySites }));
}
