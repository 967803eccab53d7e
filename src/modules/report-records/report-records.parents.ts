import type { Connection } from '../../common/pagination';
import type { SupplyDelivery } from '../supply/supply.entity';
import type { VerificationRecord } from '../verification/verification.entity';

/** Rows the resolvers of the report-records module's GraphQL types receive (codegen mappers, scripts/codegen.ts). Types only. */
export type ReportVerificationRecordConnection = Connection<VerificationRecord>;
/** Deliveries with their summed quantity (lazy: computed only when asked for). */
export type SupplyDeliveryConnection = Connection<SupplyDelivery> & { quantity: () => Promise<number> };
