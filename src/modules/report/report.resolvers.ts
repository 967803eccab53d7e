import type { Ctx } from '../../context';
import type { Resolvers } from '../../generated/graphql';
import { buildReport, lateDecisions, lateNetChange, type LateArrivalsData, type ReportData } from './report.service';
import { summaryEn, summaryFor, summaryZh } from './report.summary';

export const reportResolvers = {
  Query: {
    report: (_: unknown, a: { period: unknown; district?: string | null; asOf?: Date | null }, ctx: Ctx) => buildReport(ctx, a),
  },
  Report: {
    summary: (r: ReportData, a: { language?: 'ZH' | 'EN' | null }) => summaryFor(r, a.language ?? 'ZH'),
    summaryZh: (r: ReportData) => summaryZh(r),
    summaryEn: (r: ReportData) => summaryEn(r),
  },
  LateArrivals: {
    decisions: (l: LateArrivalsData, _: unknown, ctx: Ctx) => lateDecisions(ctx, l),
    netChange: (l: LateArrivalsData, _: unknown, ctx: Ctx) => lateNetChange(ctx, l),
  },
} satisfies Resolvers;
