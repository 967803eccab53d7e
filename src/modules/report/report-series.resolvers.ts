import type { Ctx } from '../../context';
import type { Resolvers } from '../../generated/graphql';
import { buildReportSeries } from './report-series';

export const reportSeriesResolvers = {
  Query: {
    reportSeries: (_: unknown, a: { period: unknown; bucket?: string | null; district?: string | null; asOf?: Date | null }, ctx: Ctx) => buildReportSeries(ctx, a),
  },
} satisfies Resolvers;
