export const inspectionTypeDefs = /* GraphQL */ `
  """Where an inspection stands."""
  enum InspectionStatus {
    "Planned by the command centre; not started."
    SCHEDULED
    "The team is on site; answers may be saved in parts."
    IN_PROGRESS
    "Filed and scored; never changes again (a correction is a new, linked inspection)."
    SUBMITTED
    "Submitted and every finding VERIFIED or WITHDRAWN (set by the server; at once when there are none)."
    CLOSED
    "Called off before submission."
    CANCELLED
  }

  """
  The result against the site kind's profile. Any failed CRITICAL item: FAIL whatever the
  score. Otherwise score >= pass mark: PASS with no findings, PASS_WITH_FINDINGS with some;
  below the pass mark: FAIL.
  """
  enum InspectionOutcome {
    "Score at or above the pass mark, no findings, no failed critical item."
    PASS
    "Score at or above the pass mark, with findings (none from a critical item)."
    PASS_WITH_FINDINGS
    "A critical item failed, or the score is below the pass mark."
    FAIL
  }

  """A team member as recorded on the inspection (with the agency they came from)."""
  type InspectionMember {
    "The member."
    account: Account!
    "Their agency at the time (a joint inspection has several)."
    agency: Agency
    "The team leader."
    isLeader: Boolean!
  }

  """The answer to one item."""
  type InspectionAnswer {
    "The item's stable code."
    itemCode: String!
    "The item in the inspection's pinned version."
    item: ChecklistItem
    "Marked not applicable (excluded from the score; never allowed for CRITICAL items)."
    notApplicable: Boolean!
    "YES_NO answer."
    yes: Boolean
    "NUMBER answer."
    number: Float
    "CHOICE answer (an option value)."
    choice: String
    "TEXT answer."
    text: String
    "Inspector's note."
    note: String
    "Computed by the server: true passes, false fails (a finding at submission), null not scored."
    passed: Boolean
    "Evidence attachment ids."
    evidenceIds: [ID!]!
    "The evidence files."
    evidence: [Attachment!]!
    "When it was last saved."
    answeredAt: DateTime!
    "Who saved it."
    answeredBy: Account
  }

  """
  One visit of one team to one site with one pinned checklist version (检查). The score is
  computed by the server at submission: points earned over points possible, over the applicable
  answered items (weight each; N/A and TEXT excluded), 0-100 with one decimal.
  """
  type Inspection {
    "Stable id."
    id: ID!
    "Where it stands."
    status: InspectionStatus!
    "The site inspected."
    site: Site!
    "The team that inspects."
    team: InspectionTeam!
    "The checklist version it is pinned to."
    checklistVersion: ChecklistVersion!
    "When it should be done (scheduled inspections)."
    dueAt: DateTime
    "Who scheduled it."
    scheduledBy: Account
    "When the team started (device time for offline filings)."
    startedAt: DateTime
    "Where the device was when the team started, with its accuracy; null when it was not recorded (location denied or unavailable, or started online)."
    startLocation: StartLocation
    "When it was submitted (device time for offline filings)."
    submittedAt: DateTime
    "Who submitted it."
    submittedBy: Account
    "When it closed."
    closedAt: DateTime
    "When it was cancelled."
    cancelledAt: DateTime
    "Why it was cancelled."
    cancelReason: String
    "Filed in one request by a client that worked offline."
    filedOffline: Boolean!
    "When the server received an offline filing."
    receivedAt: DateTime
    "Who was on the team (recorded when it started), with their agencies."
    members: [InspectionMember!]!
    "The answers saved so far."
    answers: [InspectionAnswer!]!
    "Score 0-100, set at submission."
    score: Float
    "Points earned (weights of passed items)."
    pointsEarned: Float
    "Points possible (weights of applicable, answered, scored items)."
    pointsPossible: Float
    "Outcome, set at submission."
    outcome: InspectionOutcome
    "The pass mark judged against (the profile's at submission)."
    passMark: Int
    "Findings raised on it: one per failed item, plus ad-hoc ones."
    findings: [Finding!]!
    "Re-inspection: the inspection this one follows up."
    previousInspection: Inspection
    "Re-inspection: the previous inspection's findings that are still not VERIFIED or WITHDRAWN."
    previousOpenFindings: [Finding!]!
    "Correction: the submitted inspection this one corrects."
    correctsInspection: Inspection
    "Correction: why."
    correctionReason: String
    "Inspections that correct this one."
    correctedBy: [Inspection!]!
    "Optimistic-concurrency version."
    version: Int!
    "When the record was created."
    createdAt: DateTime!
  }

  """An edge of InspectionConnection."""
  type InspectionEdge {
    "Opaque cursor."
    cursor: String!
    "The inspection."
    node: Inspection!
  }

  """A page of inspections, newest first."""
  type InspectionConnection {
    "Edges."
    edges: [InspectionEdge!]!
    "The inspections of this page."
    nodes: [Inspection!]!
    "Paging."
    pageInfo: PageInfo!
    "How many match the filter."
    totalCount: Int!
  }

  """A site whose next inspection is due or overdue under its kind's re-inspection interval."""
  type InspectionDue {
    "The site."
    site: Site!
    "When its last inspection was submitted; null: never inspected."
    lastInspectedAt: DateTime
    "Outcome of its last inspection (the latest submitted, a correction included); null: never inspected."
    lastOutcome: InspectionOutcome
    "The interval its next inspection follows, in days: the kind's reinspectionIntervalDays times highRiskIntervalFactor (HIGH or CRITICAL risk) and failIntervalFactor (last outcome FAIL)."
    intervalDays: Float!
    "When the next was due (last inspection + intervalDays); null: never inspected (due now)."
    dueAt: DateTime
    "Whole days past due (0 when coming due)."
    daysOverdue: Int!
    "Its open findings (not VERIFIED or WITHDRAWN), earliest deadline first."
    openFindings: [Finding!]!
    "A visit already planned (SCHEDULED or IN_PROGRESS), if any."
    plannedInspection: Inspection
  }

  "Which inspections."
  input InspectionFilter {
    "Only these sites."
    siteIds: [ID!]
    "Only these teams."
    teamIds: [ID!]
    "Only these statuses."
    status: [InspectionStatus!]
    "Submitted at or after."
    submittedFrom: DateTime
    "Submitted before."
    submittedTo: DateTime
  }

  "Which due sites."
  input InspectionsDueFilter {
    "Only these kinds."
    siteKinds: [SiteKind!]
    "Only these risk levels."
    riskLevels: [RiskLevel!]
    "Only these districts."
    districts: [String!]
    "Only these sites."
    siteIds: [ID!]
    "Also list sites coming due within this many days (default 0: due or overdue now)."
    withinDays: Int
    "At most this many sites: 1 to 500 (default 100)."
    limit: Int
  }

  "A visit to plan."
  input ScheduleInspectionInput {
    "Client-generated key: a retry returns the same inspection."
    idempotencyKey: String!
    "The site."
    siteId: ID!
    "The team."
    teamId: ID!
    "A published checklist version meant for the site's kind."
    checklistVersionId: ID!
    "When it should be done: from 30 days ago to 366 days ahead (by the hub's clock); outside that window BAD_USER_INPUT on input.dueAt."
    dueAt: DateTime!
    "Re-inspection: the submitted inspection of the same site it follows up."
    previousInspectionId: ID
  }

  "An inspection to act on."
  input InspectionIdInput {
    "The inspection."
    inspectionId: ID!
  }

  """
  The answer to one item: give exactly the field of the item's answer type (yes, number, choice
  or text), or notApplicable. Another field is BAD_USER_INPUT naming it.
  """
  input AnswerInput {
    "The item's code in the pinned version."
    itemCode: String!
    "Not applicable here (not for CRITICAL items)."
    notApplicable: Boolean
    "YES_NO items."
    yes: Boolean
    "NUMBER items."
    number: Float
    "CHOICE items: an option value."
    choice: String
    "TEXT items."
    text: String
    "A note."
    note: String
    "Evidence: ids from POST /attachments."
    evidenceIds: [ID!]
  }

  "Answers to save (they replace earlier answers to the same items)."
  input SaveInspectionAnswersInput {
    "The inspection (IN_PROGRESS)."
    inspectionId: ID!
    "The answers."
    answers: [AnswerInput!]!
  }

  "Calling off a visit."
  input CancelInspectionInput {
    "The inspection (SCHEDULED or IN_PROGRESS)."
    inspectionId: ID!
    "Why."
    reason: String!
  }

  "An ad-hoc finding (not tied to an item)."
  input AdHocFindingInput {
    "What is wrong."
    title: String!
    "Details."
    description: String
    "How serious; the deadline follows from the site kind's profile."
    severity: Severity!
    "The regulation it breaches."
    legalBasis: String
    "Evidence: ids from POST /attachments (mandatory where the profile says so)."
    evidenceIds: [ID!]
  }

  """
  A complete inspection filed in one request after working offline. Give inspectionId to file
  a scheduled one, or siteId, teamId and checklistVersionId for an unscheduled visit.
  """
  input FileInspectionInput {
    "Client-generated key: a retry (or a concurrent duplicate) returns the inspection the first request filed."
    idempotencyKey: String!
    "A SCHEDULED inspection of your team to complete."
    inspectionId: ID
    "Unscheduled visit: the site."
    siteId: ID
    "Unscheduled visit: your team."
    teamId: ID
    "Unscheduled visit: a published version for the site's kind."
    checklistVersionId: ID
    "When the team started, on the device."
    startedAt: DateTime!
    "When the team finished, on the device (not in the future)."
    submittedAt: DateTime!
    "Every applicable item's answer."
    answers: [AnswerInput!]!
    "Ad-hoc findings."
    findings: [AdHocFindingInput!]
    "Re-inspection of this submitted inspection of the same site."
    previousInspectionId: ID
    "Correction of this submitted inspection of the same site (needs correctionReason)."
    correctsInspectionId: ID
    "Why the correction is made."
    correctionReason: String
    "Where the device was when the team started, if the device could tell (leave it out when location was denied or unavailable)."
    startLocation: StartLocationInput
  }

  "A device's position (WGS84) and how precise the fix was."
  input StartLocationInput {
    "Degrees, -90 to 90."
    latitude: Float!
    "Degrees, -180 to 180."
    longitude: Float!
    "Radius of the fix's 95 % confidence circle in metres, as the device reports it: 0 to 100,000."
    accuracyMeters: Float!
  }

  "Where a device was (WGS84) and how precise the fix was."
  type StartLocation {
    "Degrees."
    latitude: Float!
    "Degrees."
    longitude: Float!
    "Metres, as the device reported it."
    accuracyMeters: Float!
  }

  extend type Query {
    "One inspection, or null when it does not exist or you may not see it (facility managers: their sites only)."
    inspection(id: ID!): Inspection
    "Inspections, newest first (facility managers: their sites only)."
    inspections(filter: InspectionFilter, "Page size (default 50, at most 500)." first: Int, "The endCursor of the previous page." after: String): InspectionConnection!
    "Sites due or overdue for inspection, highest risk and longest uninspected first, with their open findings."
    inspectionsDue(filter: InspectionsDueFilter): [InspectionDue!]!
  }

  extend type Mutation {
    "Plan an inspection (COMMAND, ADMIN)."
    scheduleInspection(input: ScheduleInspectionInput!): Inspection!
    "Start a scheduled inspection (an inspector of its team); records the members and their agencies."
    startInspection(input: InspectionIdInput!): Inspection!
    "Save some answers (an inspector of its team; IN_PROGRESS only)."
    saveInspectionAnswers(input: SaveInspectionAnswersInput!): Inspection!
    "Submit: checks completeness and evidence, scores, raises a finding per failed item (an inspector of its team)."
    submitInspection(input: InspectionIdInput!): Inspection!
    "File a complete inspection in one request after working offline (an inspector of the team)."
    fileInspection(input: FileInspectionInput!): Inspection!
    "Call off an inspection before submission (COMMAND, ADMIN)."
    cancelInspection(input: CancelInspectionInput!): Inspection!
  }
`;
