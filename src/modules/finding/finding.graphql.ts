export const findingTypeDefs = /* GraphQL */ `
  """Where a finding stands."""
  enum FindingStatus {
    "Waiting for the site to rectify it."
    OPEN
    "The site has answered; an inspector of the issuing team verifies or rejects."
    RECTIFICATION_SUBMITTED
    "Rectified and verified."
    VERIFIED
    "Contested by the site; a reviewer decides (disputes workflow)."
    DISPUTED
    "Overturned by a dispute."
    WITHDRAWN
  }

  """What became of a rectification."""
  enum RectificationStatus {
    "Waiting for an inspector."
    SUBMITTED
    "Accepted: the finding is VERIFIED."
    ACCEPTED
    "Rejected with a reason: the finding is OPEN again."
    REJECTED
  }

  """
  A problem found at a site (问题/隐患): a failed item (raised automatically at submission) or an
  ad-hoc observation. Its deadline was copied from the site kind's profile when it was raised.
  """
  type Finding {
    "Stable id."
    id: ID!
    "The inspection that raised it."
    inspection: Inspection!
    "The site."
    site: Site!
    "The issuing team (its inspectors verify rectifications)."
    team: InspectionTeam!
    "The issuing agency (the raising inspector's)."
    issuingAgency: Agency
    "Who raised it."
    raisedBy: Account
    "The failed item's code; null for an ad-hoc finding."
    itemCode: String
    "What is wrong."
    title: String!
    "Details."
    description: String
    "The regulation it breaches."
    legalBasis: String
    "How serious."
    severity: Severity!
    "Where it stands."
    status: FindingStatus!
    "When it was raised."
    raisedAt: DateTime!
    "When it must be rectified by (raisedAt + the profile's hours for its severity)."
    deadline: DateTime!
    "Past the deadline and not VERIFIED or WITHDRAWN (computed from the clock, never stored)."
    overdue: Boolean!
    "Overdue and CRITICAL: listed for the command centre."
    escalated: Boolean!
    "The standard profile version its deadline came from."
    profileVersion: Int!
    "Evidence attachment ids."
    evidenceIds: [ID!]!
    "The evidence files."
    evidence: [Attachment!]!
    "When it was verified."
    verifiedAt: DateTime
    "Who verified it."
    verifiedBy: Account
    "The site's rectifications, oldest first."
    rectifications: [Rectification!]!
    "Optimistic-concurrency version (pass it to verify/reject to act only on what you saw)."
    version: Int!
  }

  """What the site did about a finding (整改)."""
  type Rectification {
    "Stable id."
    id: ID!
    "The finding."
    finding: Finding!
    "The facility manager who submitted it."
    submittedBy: Account
    "What was done."
    description: String!
    "Evidence attachment ids."
    evidenceIds: [ID!]!
    "The evidence files."
    evidence: [Attachment!]!
    "When it was submitted."
    submittedAt: DateTime!
    "What became of it."
    status: RectificationStatus!
    "The inspector who decided."
    reviewedBy: Account
    "When."
    reviewedAt: DateTime
    "Why it was rejected."
    rejectionReason: String
  }

  """An edge of FindingConnection."""
  type FindingEdge {
    "Opaque cursor."
    cursor: String!
    "The finding."
    node: Finding!
  }

  """A page of findings, earliest deadline first."""
  type FindingConnection {
    "Edges."
    edges: [FindingEdge!]!
    "The findings of this page."
    nodes: [Finding!]!
    "Paging."
    pageInfo: PageInfo!
    "How many match the filter."
    totalCount: Int!
  }

  "A time range, from inclusive to exclusive."
  input DateRangeInput {
    "From (inclusive)."
    from: DateTime
    "To (exclusive)."
    to: DateTime
  }

  "Which findings."
  input FindingFilter {
    "Only these statuses."
    status: [FindingStatus!]
    "Only these severities."
    severity: [Severity!]
    "true: only overdue; false: only not overdue."
    overdue: Boolean
    "true: only escalated (overdue CRITICAL); false: the others."
    escalated: Boolean
    "Only these sites."
    siteIds: [ID!]
    "Only these issuing teams."
    teamIds: [ID!]
    "Only these inspections."
    inspectionIds: [ID!]
    "Raised in this range."
    raisedBetween: DateRangeInput
  }

  "An ad-hoc finding on an inspection in progress."
  input RaiseFindingInput {
    "Client-generated key: a retry returns the same finding."
    idempotencyKey: String!
    "The inspection (IN_PROGRESS, your team's)."
    inspectionId: ID!
    "What is wrong."
    title: String!
    "Details."
    description: String
    "How serious."
    severity: Severity!
    "The regulation it breaches."
    legalBasis: String
    "Evidence ids (mandatory where the profile says so)."
    evidenceIds: [ID!]
  }

  "A rectification of a finding of your site."
  input SubmitRectificationInput {
    "Client-generated key: a retry returns the same rectification."
    idempotencyKey: String!
    "The finding (OPEN)."
    findingId: ID!
    "What was done."
    description: String!
    "Evidence ids (mandatory where the profile says so)."
    evidenceIds: [ID!]
    "The finding version you saw (stale: CONFLICT)."
    version: Int
  }

  "A decision on the submitted rectification."
  input VerifyRectificationInput {
    "The finding (RECTIFICATION_SUBMITTED)."
    findingId: ID!
    "The finding version you saw (stale: CONFLICT)."
    version: Int
  }

  "A rejection, with its reason."
  input RejectRectificationInput {
    "The finding (RECTIFICATION_SUBMITTED)."
    findingId: ID!
    "Why (required)."
    reason: String!
    "The finding version you saw (stale: CONFLICT)."
    version: Int
  }

  extend type Query {
    "Findings, earliest deadline first (facility managers: their sites only). escalated: true lists overdue CRITICAL findings for the command centre."
    findings(filter: FindingFilter, "Page size (default 50, at most 500)." first: Int, "The endCursor of the previous page." after: String): FindingConnection!
  }

  extend type Mutation {
    "Add an ad-hoc finding to an inspection in progress (an inspector of its team)."
    raiseFinding(input: RaiseFindingInput!): Finding!
    "Answer a finding of your site (facility manager): OPEN → RECTIFICATION_SUBMITTED."
    submitRectification(input: SubmitRectificationInput!): Rectification!
    "Accept the rectification (an inspector of the issuing team): → VERIFIED. Of two concurrent decisions one wins, the other is CONFLICT."
    verifyRectification(input: VerifyRectificationInput!): Finding!
    "Reject the rectification with a reason (an inspector of the issuing team): → OPEN."
    rejectRectification(input: RejectRectificationInput!): Finding!
  }
`;
