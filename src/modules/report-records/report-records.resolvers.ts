import type { Ctx } from '../../context';
import type { Resolvers } from '../../generated/graphql';
import { totalCountResolver } from '../../common/pagination';
import { reportCheckpointTallies, reportDisputes, reportSupplyDeliveries, reportVerificationRecords } from './report-records.service';
import type { SupplyDeliveryConnection } from './report-records.parents';

export const reportRecordsResolvers = {
  Query: {
    reportDisputes: (_: unknown, a, ctx: Ctx) => reportDisputes(ctx, a),
    reportCheckpointTallies: (_: unknown, a, ctx: Ctx) => reportCheckpointTallies(ctx, a),
    reportVerificationRecords: (_: unknown, a, ctx: Ctx) => reportVerificationRecords(ctx, a),
    reportSupplyDeliveries: (_: unknown, a, ctx: Ctx) => reportSupplyDeliveries(ctx, a),
  },
  ReportVerificationRecordConnection: { totalCount: totalCountResolver },
  SupplyDeliveryConnection: { totalCount: totalCountResolver, quantity: (c: SupplyDeliveryConnection) => c.quantity() },
} satisfies Resolvers;
