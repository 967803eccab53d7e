export const disputeTypeDefs = /* GraphQL */ `
  """What a dispute is about."""
  enum DisputeKind {
    "A site contests a finding (异议): lodged by its facility manager, resolved by an independent reviewer."
    FINDING
    "A conflict at a site that is not about a finding (纠纷), recorded once mediated, with its outcome."
    SITE_CONFLICT
  }

  """
  Where a dispute stands: LODGED → UNDER_REVIEW (assigned to a reviewer) → RESOLVED, or WITHDRAWN
  by the site's facility manager while LODGED or UNDER_REVIEW. Site conflicts are recorded RESOLVED.
  """
  enum DisputeStatus {
    "Lodged by the site; waiting for a reviewer to be assigned."
    LODGED
    "Assigned to an independent reviewer, who decides."
    UNDER_REVIEW
    "Decided (finding disputes), or recorded with its outcome (site conflicts)."
    RESOLVED
    "Taken back by the site before a decision."
    WITHDRAWN
  }

  """The reviewer's decision on a finding dispute."""
  enum DisputeOutcome {
    "The finding stands: it returns to the status it had before the dispute."
    UPHELD
    "The finding is WITHDRAWN; its inspection shows an adjusted outcome beside the original, which is never rewritten."
    OVERTURNED
    "The finding stands with a new severity and/or deadline, and returns to the status it had before the dispute."
    AMENDED
  }

  """What kind of conflict was recorded at a site."""
  enum ConflictCategory {
    "A guest refused to register (hotels: 登记)."
    GUEST_REFUSED_REGISTRATION
    "A quarrel at a road checkpoint (卡口)."
    CHECKPOINT_QUARREL
    "A dispute with or among neighbours."
    NEIGHBOURHOOD
    "Someone did not comply with quarantine or isolation rules."
    QUARANTINE_NONCOMPLIANCE
    "Anything else."
    OTHER
  }

  """What happened in a dispute's timeline."""
  enum DisputeEventKind {
    "The site lodged the dispute."
    LODGED
    "A reviewer was assigned (or the dispute was handed to another)."
    ASSIGNED
    "A party or the reviewer commented."
    COMMENTED
    "The reviewer decided."
    RESOLVED
    "The site withdrew the dispute."
    WITHDRAWN
    "A site conflict was recorded."
    RECORDED
    "Evidence files were attached."
    EVIDENCE_ATTACHED
    "Any other recorded change."
    OTHER
  }

  """One event of a dispute's timeline, read from the audit trail (entity type Dispute)."""
  type DisputeEvent {
    "The audit event's id (increasing with time)."
    id: ID!
    "When it happened (database clock)."
    at: DateTime!
    "What happened."
    kind: DisputeEventKind!
    "The audit action, e.g. dispute.comment."
    action: String!
    "Who did it."
    actor: Account
    "The actor's username at the time."
    actorUsername: String
    "The actor's role at the time."
    actorRole: Role
    "The comment, rationale, reason or description the event carries, if any."
    text: String
    "Every field the event recorded, with before and after."
    changes: [FieldChange!]!
  }

  """
  A dispute (异议/纠纷): a site contesting a finding, or a conflict recorded at a site.

  Lodging window: a finding can be disputed within its site kind's profile disputeLodgingWindowDays
  (default 14) of when it was raised; later is DEADLINE_PASSED. Resolution deadline: lodgedAt +
  the profile's disputeResolutionDays, copied at lodging (resolutionDueAt).

  Deadline pause: while a finding dispute is open, a MAJOR or MINOR finding's deadline stands still
  when the profile's pauseDeadlineDuringDisputeMajor / pauseDeadlineDuringDisputeMinor is true
  (decided at lodging: deadlinePaused). A CRITICAL finding's deadline never pauses: the site must
  take interim measures whatever it contests. When a paused dispute ends UPHELD, AMENDED without a
  new deadline, or WITHDRAWN, the finding's deadline moves on by the time the dispute was open
  (deadlineExtensionSeconds); AMENDED with a new deadline sets that deadline instead; OVERTURNED
  withdraws the finding, so its deadline no longer matters.
  """
  type Dispute {
    "Stable id."
    id: ID!
    "A finding dispute or a site conflict."
    kind: DisputeKind!
    "Where it stands."
    status: DisputeStatus!
    "The disputed finding (finding disputes)."
    finding: Finding
    "The site."
    site: Site!
    "The kind of conflict (site conflicts)."
    category: ConflictCategory
    "The site's written reason (finding disputes), or what happened (site conflicts)."
    reason: String!
    "Who was involved (site conflicts)."
    parties: [String!]!
    "Who mediated, when an account of the hub (site conflicts)."
    mediatedBy: Account
    "Who mediated, when named rather than an account (site conflicts)."
    mediatedByName: String
    "Evidence the site attached."
    evidence: [Attachment!]!
    "Evidence attachment ids."
    evidenceIds: [ID!]!
    "Who lodged or recorded it."
    lodgedBy: Account
    "When it was lodged (site conflicts: when it was resolved)."
    lodgedAt: DateTime!
    "When it must be resolved by: lodgedAt + the profile's disputeResolutionDays (finding disputes)."
    resolutionDueAt: DateTime
    "Open (LODGED or UNDER_REVIEW) past resolutionDueAt; computed from the clock, never stored."
    overdue: Boolean!
    "The finding's status when the dispute was lodged, to which UPHELD and AMENDED return it."
    findingStatusBefore: FindingStatus
    "True when the finding's deadline stands still while this dispute is open (see the type's description)."
    deadlinePaused: Boolean!
    "The assigned reviewer."
    reviewer: Account
    "When the reviewer was (last) assigned."
    assignedAt: DateTime
    "The decision (finding disputes)."
    outcome: DisputeOutcome
    "The reviewer's written rationale (finding disputes), or the agreed outcome (site conflicts)."
    rationale: String
    "AMENDED: the finding's new severity."
    newSeverity: Severity
    "AMENDED: the finding's new deadline."
    newDeadline: DateTime
    "How far the finding's paused deadline moved when the dispute ended, in seconds."
    deadlineExtensionSeconds: Int
    "When it was resolved."
    resolvedAt: DateTime
    "Who resolved or recorded it."
    resolvedBy: Account
    "When the site withdrew it."
    withdrawnAt: DateTime
    "What happened, oldest first: lodged, assigned, comments, resolved (from the audit trail)."
    timeline: [DisputeEvent!]!
    "Optimistic-concurrency version: pass it to assign, resolve and withdraw."
    version: Int!
  }

  """An edge of DisputeConnection."""
  type DisputeEdge {
    "Opaque cursor."
    cursor: String!
    "The dispute."
    node: Dispute!
  }

  """A page of disputes, oldest lodged first."""
  type DisputeConnection {
    "Edges."
    edges: [DisputeEdge!]!
    "The disputes of this page."
    nodes: [Dispute!]!
    "Paging."
    pageInfo: PageInfo!
    "How many match the filter."
    totalCount: Int!
  }

  """How many resolved disputes had one outcome."""
  type DisputeOutcomeCount {
    "The outcome."
    outcome: DisputeOutcome!
    "How many."
    count: Int!
  }

  """Overturn rate of the findings of one raising team."""
  type TeamDisputeRate {
    "The team that raised the disputed findings."
    team: InspectionTeam!
    "Disputes of its findings resolved in the range."
    resolved: Int!
    "Of those, how many were OVERTURNED."
    overturned: Int!
    "overturned / resolved (0 to 1)."
    overturnRate: Float!
    "Median hours from lodging to resolution."
    medianHoursToResolve: Float
  }

  """Overturn rate and speed of one reviewer."""
  type ReviewerDisputeRate {
    "The reviewer who resolved them."
    reviewer: Account!
    "Disputes it resolved in the range."
    resolved: Int!
    "Of those, how many it OVERTURNED."
    overturned: Int!
    "overturned / resolved (0 to 1)."
    overturnRate: Float!
    "Median hours from lodging to resolution."
    medianHoursToResolve: Float
  }

  """How many site conflicts of one category were recorded."""
  type ConflictCategoryCount {
    "The category."
    category: ConflictCategory!
    "How many."
    count: Int!
  }

  """What a supervisor needs to know about disputes resolved in a range."""
  type DisputeStatistics {
    "Start of the range (inclusive), as asked."
    from: DateTime
    "End of the range (exclusive), as asked."
    to: DateTime
    "Finding disputes resolved in the range."
    resolved: Int!
    "Of those, OVERTURNED."
    overturned: Int!
    "overturned / resolved (0 to 1; 0 when none)."
    overturnRate: Float!
    "Median hours from lodging to resolution (percentile_cont 0.5); null when none."
    medianHoursToResolve: Float
    "Finding disputes resolved in the range, by outcome."
    byOutcome: [DisputeOutcomeCount!]!
    "Per team that raised the disputed findings."
    byTeam: [TeamDisputeRate!]!
    "Per reviewer who resolved them."
    byReviewer: [ReviewerDisputeRate!]!
    "Site conflicts resolved (recorded) in the range: the seed's '8 disputes resolved'."
    siteConflictsResolved: Int!
    "Site conflicts by category."
    siteConflictsByCategory: [ConflictCategoryCount!]!
  }

  """A resolved dispute that changed a finding of an inspection."""
  type InspectionAdjustment {
    "The dispute."
    dispute: Dispute!
    "The finding it changed."
    finding: Finding!
    "OVERTURNED (finding withdrawn) or AMENDED (new severity or deadline)."
    outcome: DisputeOutcome!
    "The reviewer's rationale."
    rationale: String!
    "When it was decided."
    resolvedAt: DateTime!
  }

  extend type Inspection {
    """
    The outcome after disputes, beside the stored outcome (which is never rewritten); null when no
    finding of this inspection was withdrawn. Rule: the stored answers are scored again with the
    same method and the inspection's pass mark, every item whose finding was WITHDRAWN counts as
    passed (so a withdrawn CRITICAL item no longer fails it), and withdrawn findings no longer count.
    """
    adjustedOutcome: InspectionOutcome
    "The score after disputes (same rule as adjustedOutcome); null when no finding was withdrawn."
    adjustedScore: Float
    "Resolved disputes that changed its findings (OVERTURNED or AMENDED), in order of resolution."
    adjustments: [InspectionAdjustment!]!
  }

  extend type Finding {
    "Disputes of this finding, oldest first."
    disputes: [Dispute!]!
  }

  "Which disputes."
  input DisputeFilter {
    "Only these statuses."
    status: [DisputeStatus!]
    "Only these outcomes."
    outcome: [DisputeOutcome!]
    "Only this kind."
    kind: DisputeKind
    "Only these sites."
    siteIds: [ID!]
    "Only those assigned to this reviewer."
    reviewerId: ID
    "true: only open disputes past their resolution deadline (for the command centre); false: the others."
    overdue: Boolean
  }

  "A range of resolution times."
  input DisputeStatisticsFilter {
    "From (inclusive)."
    from: DateTime
    "To (exclusive)."
    to: DateTime
  }

  "A dispute of a finding of your site."
  input LodgeDisputeInput {
    "Client-generated key: a retry returns the same dispute."
    idempotencyKey: String!
    "The finding (OPEN or RECTIFICATION_SUBMITTED, raised within the lodging window)."
    findingId: ID!
    "Why the finding is wrong, in writing (required)."
    reason: String!
    "Evidence attachment ids (upload first with POST /attachments)."
    evidenceIds: [ID!]
  }

  "Who reviews a dispute."
  input AssignDisputeInput {
    "The dispute (LODGED or UNDER_REVIEW)."
    id: ID!
    "The dispute version you saw (stale: CONFLICT)."
    version: Int!
    "A REVIEWER who is not a member of the team that raised the finding, nor of its inspection's team, nor one of the inspection's participants."
    reviewerId: ID!
  }

  "A decision on a dispute."
  input ResolveDisputeInput {
    "The dispute (UNDER_REVIEW, assigned to you)."
    id: ID!
    "The dispute version you saw (stale: CONFLICT)."
    version: Int!
    "The decision."
    outcome: DisputeOutcome!
    "Why, in writing (required)."
    rationale: String!
    "AMENDED: the finding's new severity (at least one of newSeverity and newDeadline)."
    newSeverity: Severity
    "AMENDED: the finding's new deadline, in the future."
    newDeadline: DateTime
  }

  "A dispute to take back."
  input WithdrawDisputeInput {
    "The dispute (LODGED or UNDER_REVIEW)."
    id: ID!
    "The dispute version you saw (stale: CONFLICT)."
    version: Int!
  }

  "A comment in a dispute's timeline."
  input CommentOnDisputeInput {
    "The dispute (LODGED or UNDER_REVIEW)."
    id: ID!
    "The comment."
    text: String!
  }

  "A conflict at a site that is not about a finding, once mediated."
  input RecordSiteConflictInput {
    "Client-generated key: a retry returns the same record."
    idempotencyKey: String!
    "Where it happened."
    siteId: ID!
    "What kind of conflict."
    category: ConflictCategory!
    "What happened."
    description: String!
    "Who was involved (at least one)."
    parties: [String!]!
    "Who mediated: an account id of the hub, or a name."
    mediatedBy: String!
    "How it was settled."
    outcome: String!
    "When it was settled (default now; not in the future)."
    resolvedAt: DateTime
  }

  extend type Query {
    "One dispute, or null when it does not exist or is another site's (facility managers)."
    dispute("The dispute's id." id: ID!): Dispute
    "Disputes, oldest lodged first (facility managers: their sites only). overdue: true lists open disputes past their resolution deadline, for the command centre."
    disputes("Which disputes." filter: DisputeFilter, "Page size (default 50, at most 500)." first: Int, "The endCursor of the previous page." after: String): DisputeConnection!
    "Overturn rates per team and per reviewer, median time to resolve, counts by outcome (ADMIN, COMMAND, REVIEWER)."
    disputeStatistics("The range of resolution times (default: all time)." filter: DisputeStatisticsFilter): DisputeStatistics!
  }

  extend type Mutation {
    "Contest a finding of your site (facility manager), within the lodging window: the finding becomes DISPUTED."
    lodgeDispute("What to do." input: LodgeDisputeInput!): Dispute!
    "Put a dispute under review by an independent reviewer (REVIEWER, COMMAND; a reviewer may take it itself): LODGED → UNDER_REVIEW. While UNDER_REVIEW, COMMAND or the assigned reviewer may hand it to another."
    assignDispute("What to do." input: AssignDisputeInput!): Dispute!
    "Decide a dispute (the assigned reviewer), with a written rationale: UNDER_REVIEW → RESOLVED."
    resolveDispute("What to do." input: ResolveDisputeInput!): Dispute!
    "Take back your site's dispute while it is open (facility manager): → WITHDRAWN; the finding goes on where it was."
    withdrawDispute("What to do." input: WithdrawDisputeInput!): Dispute!
    "Comment in an open dispute's timeline (the site's manager, an inspector of the raising team, the assigned reviewer, COMMAND)."
    commentOnDispute("What to do." input: CommentOnDisputeInput!): Dispute!
    "Record a mediated conflict at a site that is not about a finding (COMMAND, INSPECTOR, REVIEWER); stored RESOLVED."
    recordSiteConflict("What to do." input: RecordSiteConflictInput!): Dispute!
  }
`;
