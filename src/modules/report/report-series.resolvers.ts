import type { Ctx } from '../../context';
import type { Resolvers } from '../../generated/graphql';
import { buildReportSeries } from './report-series';
import { chainHeadAt } from './report-xlsx';
import type { ReportData } from './report.service';

export const reportSeriesResolvers = {
  Query: {
    reportSeries: (_: unknown, a: { period: unknown; bucket?: string | null; district?: string | null; asOf?: Date | null }, ctx: Ctx) => buildReportSeries(ctx, a),
  },
  Report: {
    auditHead: (r: ReportData, _: unknown, ctx: Ctx) => chainHeadAt(ctx, r.cutoff),
  },
} satisfies Resolvers;
