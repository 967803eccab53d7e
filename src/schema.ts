import { makeExecutableSchema } from '@graphql-tools/schema';
import { DateTimeResolver, JSONResolver, JSONObjectResolver } from 'graphql-scalars';
import type { GraphQLSchema } from 'graphql';
import { VERSION } from './version';
import { paginationTypeDefs } from './common/pagination';
import { accountTypeDefs } from './modules/account/account.graphql';
import { accountResolvers } from './modules/account/account.resolvers';
import { auditTypeDefs } from './modules/audit/audit.graphql';
import { auditResolvers } from './modules/audit/audit.resolvers';
import { attachmentTypeDefs } from './modules/attachment/attachment.graphql';
import { attachmentResolvers } from './modules/attachment/attachment.resolvers';
import { disinfectionTypeDefs } from './modules/disinfection/disinfection.graphql';
import { disinfectionResolvers } from './modules/disinfection/disinfection.resolvers';
import { siteTypeDefs } from './modules/site/site.graphql';
import { checklistTypeDefs } from './modules/checklist/checklist.graphql';
import { checklistResolvers } from './modules/checklist/checklist.resolvers';
import { inspectionTypeDefs } from './modules/inspection/inspection.graphql';
import { inspectionResolvers } from './modules/inspection/inspection.resolvers';
import { findingTypeDefs } from './modules/finding/finding.graphql';
import { findingResolvers } from './modules/finding/finding.resolvers';
import { disputeTypeDefs } from './modules/dispute/dispute.graphql';
import { disputeResolvers } from './modules/dispute/dispute.resolvers';
import { siteResolvers } from './modules/site/site.resolvers';
import { checkpointTypeDefs } from './modules/checkpoint/checkpoint.graphql';
import { checkpointResolvers } from './modules/checkpoint/checkpoint.resolvers';
import { verificationTypeDefs } from './modules/verification/verification.graphql';
import { verificationResolvers } from './modules/verification/verification.resolvers';
import { supplyTypeDefs } from './modules/supply/supply.graphql';
import { supplyResolvers } from './modules/supply/supply.resolvers';
import { fieldOperationTypeDefs } from './modules/operation/field-operation.graphql';
import { fieldOperationResolvers } from './modules/operation/field-operation.resolvers';
import { siteInspectionsTypeDefs } from './modules/site-inspections/site-inspections.graphql';
import { siteInspectionsResolvers } from './modules/site-inspections/site-inspections.resolvers';
import { reportTypeDefs } from './modules/report/report.graphql';
import { reportResolvers } from './modules/report/report.resolvers';
import { noticeTypeDefs } from './modules/notice/notice.graphql';
import { noticeResolvers } from './modules/notice/notice.resolvers';
import { reportSeriesTypeDefs } from './modules/report/report-series.graphql';
import { reportSeriesResolvers } from './modules/report/report-series.resolvers';
import { reportRecordsTypeDefs } from './modules/report-records/report-records.graphql';
import { reportRecordsResolvers } from './modules/report-records/report-records.resolvers';
import { mapTypeDefs } from './modules/map/map.graphql';
import { mapResolvers } from './modules/map/map.resolvers';

import { feedTypeDefs } from './modules/feed/feed.graphql';
import { feedResolvers } from './modules/feed/feed.resolvers';

const rootTypeDefs = /* GraphQL */ `
  """An instant, ISO 8601 with offset (2026-11-28T09:30:00.000Z)."""
  scalar DateTime
  """Any JSON value."""
  scalar JSON
  """A JSON object."""
  scalar JSONObject

  """Reads."""
  type Query {
    "The hub's version; needs no sign-in."
    version: String!
  }

`;

/** Each module contributes its SDL and resolvers; this is the only list of them. */
const modules: { typeDefs: string; resolvers: object }[] = [
  { typeDefs: paginationTypeDefs, resolvers: {} },
  { typeDefs: accountTypeDefs, resolvers: accountResolvers },
  { typeDefs: feedTypeDefs, resolvers: feedResolvers },
  { typeDefs: auditTypeDefs, resolvers: auditResolvers },
  { typeDefs: attachmentTypeDefs, resolvers: attachmentResolvers },
  { typeDefs: disinfectionTypeDefs, resolvers: disinfectionResolvers },
  { typeDefs: siteTypeDefs, resolvers: siteResolvers },
  { typeDefs: checklistTypeDefs, resolvers: checklistResolvers },
  { typeDefs: inspectionTypeDefs, resolvers: inspectionResolvers },
  { typeDefs: findingTypeDefs, resolvers: findingResolvers },
  { typeDefs: disputeTypeDefs, resolvers: disputeResolvers },
  { typeDefs: checkpointTypeDefs, resolvers: checkpointResolvers },
  { typeDefs: verificationTypeDefs, resolvers: verificationResolvers },
  { typeDefs: supplyTypeDefs, resolvers: supplyResolvers },
  { typeDefs: fieldOperationTypeDefs, resolvers: fieldOperationResolvers },
  { typeDefs: siteInspectionsTypeDefs, resolvers: siteInspectionsResolvers },
  { typeDefs: reportTypeDefs, resolvers: reportResolvers },
  { typeDefs: noticeTypeDefs, resolvers: noticeResolvers },
  { typeDefs: reportSeriesTypeDefs, resolvers: reportSeriesResolvers },
  { typeDefs: reportRecordsTypeDefs, resolvers: reportRecordsResolvers },
  { typeDefs: mapTypeDefs, resolvers: mapResolvers },
];

export function buildSchema(): GraphQLSchema {
  return makeExecutableSchema({
    typeDefs: [rootTypeDefs, ...modules.map((m) => m.typeDefs)],
    resolvers: [
      { DateTime: DateTimeResolver, JSON: JSONResolver, JSONObject: JSONObjectResolver, Query: { version: () => VERSION } },
      ...(modules.map((m) => m.resolvers) as never[]),
    ],
  });
}
