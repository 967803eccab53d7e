import type { Ctx } from '../../context';
import type { Resolvers } from '../../generated/graphql';
import type { Account } from '../account/account.entity';
import type { Site } from '../site/site.entity';
import { siteScope } from '../../common/access';
import { badInput } from '../../common/errors';
import { accountsById } from '../account/account.loaders';
import { sitesById } from '../site/site.loaders';
import type { SupplyDelivery, SupplyItem, SupplyReceipt } from './supply.entity';
import { deliveredQuantity, deliveryKey, recentDeliveries, supplyItemsByCode } from './supply.loaders';
import { listSupplies, receiveSupplies, recordSupplyDelivery, type ScopedItem } from './supply.service';

/** Sites an item's delivery figures cover: the list's filter, else the caller's scope. */
const sitesOf = (i: SupplyItem | ScopedItem, ctx: Ctx) => ('deliverySites' in i ? i.deliverySites : siteScope(ctx.actor!));

export const supplyResolvers = {
  Query: {
    supplies: (_: unknown, a: { filter?: unknown }, ctx: Ctx) => listSupplies(ctx, a.filter),
  },
  Mutation: {
    receiveSupplies: (_: unknown, a: { input: unknown }, ctx: Ctx) => receiveSupplies(ctx, a.input),
    recordSupplyDelivery: (_: unknown, a: { input: unknown }, ctx: Ctx) => recordSupplyDelivery(ctx, a.input),
  },
  SupplyItem: {
    deliveredQuantity: (i: SupplyItem, _: unknown, ctx: Ctx) => deliveredQuantity(ctx).load(deliveryKey(i.code, sitesOf(i, ctx))),
    deliveries: (i: SupplyItem, a: { last?: number | null }, ctx: Ctx) => {
      const last = a.last ?? 20;
      if (!Number.isInteger(last) || last < 1 || last > 200) throw badInput('last', 'must be 1 to 200');
      return recentDeliveries(ctx).load(deliveryKey(i.code, sitesOf(i, ctx), last));
    },
  },
  SupplyReceipt: {
    item: (r: SupplyReceipt, _: unknown, ctx: Ctx) => supplyItemsByCode(ctx).load(r.itemCode) as Promise<SupplyItem>,
    recordedBy: (r: SupplyReceipt, _: unknown, ctx: Ctx) => accountsById(ctx).load(r.recordedById) as Promise<Account>,
  },
  SupplyDelivery: {
    item: (d: SupplyDelivery, _: unknown, ctx: Ctx) => supplyItemsByCode(ctx).load(d.itemCode) as Promise<SupplyItem>,
    site: (d: SupplyDelivery, _: unknown, ctx: Ctx) => sitesById(ctx).load(d.siteId) as Promise<Site>,
    recordedBy: (d: SupplyDelivery, _: unknown, ctx: Ctx) => accountsById(ctx).load(d.recordedById) as Promise<Account>,
  },
} satisfies Resolvers;
