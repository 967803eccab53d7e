import type { SupplyItem } from './supply.entity';
import type { ScopedItem } from './supply.service';

/** Rows the resolvers of the supply module's GraphQL types receive where that is not simply an entity (codegen mappers, scripts/codegen.ts). Types only. */
/** A supply item, with the sites its delivery figures cover when it came from a filtered list. */
export type SupplyItemRow = SupplyItem | ScopedItem;
