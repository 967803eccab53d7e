const listArgs = (what: string) => `
      "The report's period: from (inclusive) to (exclusive)."
      period: ReportPeriodInput!
      "Only sites of this district, as the report's${what}."
      district: String
      "The report's cutoff: only what the figure counts as of then (the records as they stood at the cutoff where the figure judges a status)."
      asOf: DateTime
      "Page size (default 50, at most 500)."
      first: Int
      "The endCursor of the previous page."
      after: String`;

export const reportRecordsTypeDefs = /* GraphQL */ `
  """Which of the report's dispute figures a list shows."""
  enum ReportDisputeFigure {
    "disputes.lodged: lodged in the period, recorded by the cutoff."
    LODGED
    "disputes.resolved: RESOLVED at the cutoff, resolved in the period and by the cutoff."
    RESOLVED
  }

  """Which of the report's verification figures a list shows."""
  enum ReportVerificationFigure {
    "verification.received: received in the period, imported by the cutoff."
    RECEIVED
    "verification.answered: of those, tasks ANSWERED at the cutoff."
    ANSWERED
  }

  """A verification record in a page."""
  type ReportVerificationRecordEdge {
    "Pass as \`after\` to continue after this record."
    cursor: String!
    "The record (as a task; needsVerification says whether it is one)."
    node: VerificationTask!
  }

  """The verification records behind a report figure, newest received first."""
  type ReportVerificationRecordConnection {
    "Records of this page with cursors."
    edges: [ReportVerificationRecordEdge!]!
    "Records of this page."
    nodes: [VerificationTask!]!
    "Where this page stands."
    pageInfo: PageInfo!
    "How many records, over all pages: the report's figure for the same arguments."
    totalCount: Int!
  }

  """A supply delivery in a page."""
  type SupplyDeliveryEdge {
    "Pass as \`after\` to continue after this delivery."
    cursor: String!
    "The delivery."
    node: SupplyDelivery!
  }

  """The supply deliveries behind the report's supplies figures, newest handed over first."""
  type SupplyDeliveryConnection {
    "Deliveries of this page with cursors."
    edges: [SupplyDeliveryEdge!]!
    "Deliveries of this page."
    nodes: [SupplyDelivery!]!
    "Where this page stands."
    pageInfo: PageInfo!
    "How many deliveries, over all pages: the report's deliveries figure (for the item, if one was given)."
    totalCount: Int!
    "Units delivered, over all pages: the report's quantity figure."
    quantity: Int!
  }

  extend type VerificationTask {
    "True when the record needs field verification (a task); false for a record received for information only."
    needsVerification: Boolean!
  }

  extend type Query {
    "The disputes behind the report's disputes.lodged or disputes.resolved (ADMIN, COMMAND, REVIEWER), newest first; totalCount is the figure for the same arguments."
    reportDisputes(
      "Which figure."
      figure: ReportDisputeFigure!${listArgs(' (the dispute\'s site)')}
    ): DisputeConnection!
    "The checkpoint tallies behind the report's six checkpoint figures (ADMIN, COMMAND, REVIEWER): the tallies effective at the cutoff for shifts of the period, newest filed first; totals sum the six figures as the report does."
    reportCheckpointTallies(${listArgs(' (the checkpoint)')}
    ): CheckpointTallyConnection!
    "The verification records behind the report's verification.received or verification.answered (ADMIN, COMMAND, REVIEWER), newest received first."
    reportVerificationRecords(
      "Which figure."
      figure: ReportVerificationFigure!${listArgs('; records have no site, so, as in the report, the district does not narrow them')}
    ): ReportVerificationRecordConnection!
    "The supply deliveries behind the report's supplies figures (ADMIN, COMMAND, REVIEWER), newest handed over first."
    reportSupplyDeliveries(
      "Only this item (its code); omit for every item."
      itemCode: String${listArgs(' (the site delivered to)')}
    ): SupplyDeliveryConnection!
  }
`;
