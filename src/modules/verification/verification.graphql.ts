export const verificationTypeDefs = /* GraphQL */ `
  """Where a verification task stands (区域协查流程)."""
  enum VerificationStatus {
    "接收 received; records not needing field verification stay here."
    RECEIVED
    "流转 routed to a unit for field verification."
    ROUTED
    "核查 being verified in the field."
    VERIFYING
    "反馈 answered with a result; final."
    ANSWERED
  }

  """What field verification found."""
  enum VerificationResult {
    "The person was found and is isolated (已落实隔离)."
    CONFIRMED_ISOLATED
    "The person could not be found in the area (查无此人)."
    NOT_FOUND
    "Checked and cleared: no risk (排除)."
    CLEARED
    "Handed on to another area or body (移交)."
    REFERRED
  }

  """
  A record of regional cooperative verification (区域协查) that needs field verification: routed
  to a unit, verified, answered. Identity numbers and phones are held masked only.
  """
  type VerificationTask {
    "Stable id."
    id: ID!
    "The sender's reference, unique across imports."
    externalRef: String!
    "The import it came in."
    batch: VerificationImport!
    "The person's name."
    personName: String!
    "Masked identity number, e.g. 610330********1234."
    idNumberMasked: String
    "Masked phone number, e.g. 138****1234."
    phoneMasked: String
    "Why the record was pushed (e.g. travel history)."
    reason: String!
    "Where it stands."
    status: VerificationStatus!
    "The unit (agency) it is routed to."
    routedUnit: Agency
    "When the feedback is due."
    deadline: DateTime
    "True when past the deadline and not yet answered (by the hub's clock)."
    overdue: Boolean!
    "The result, once answered."
    result: VerificationResult
    "Notes with the result."
    resultNotes: String
    "When it was answered."
    answeredAt: DateTime
    "Who answered it."
    answeredBy: Account
    "Increases by one on every change; pass it back to change the task."
    version: Int!
    "When the source system received it (sent with the import; the import time when it sent none). The report counts records by this time."
    receivedAt: DateTime!
    "When it was imported into the hub."
    createdAt: DateTime!
  }

  """A record of the import skipped because its externalRef had been imported before."""
  type VerificationDuplicate {
    "Its row: list index in the mutation, line number after the header in CSV."
    row: Int!
    "Its externalRef."
    externalRef: String!
  }

  """One bulk import of records (one data push)."""
  type VerificationImport {
    "Stable id."
    id: ID!
    "The sender's reference for the batch."
    batchRef: String!
    "GRAPHQL or CSV."
    source: String!
    "Records taken in (duplicates excluded)."
    received: Int!
    "Of those, records needing field verification (now tasks)."
    needingVerification: Int!
    "Records skipped because their externalRef was already imported."
    duplicates: [VerificationDuplicate!]!
    "Who imported it."
    importedBy: Account!
    "When."
    createdAt: DateTime!
  }

  """One task in a page."""
  type VerificationTaskEdge {
    "Pass as \`after\` to continue after this task."
    cursor: String!
    "The task."
    node: VerificationTask!
  }

  """Counts over all records of the unit/batch filter (the status and overdue filters do not narrow them)."""
  type VerificationTotals {
    "Records received (接收), tasks or not."
    received: Int!
    "Records needing field verification and feedback (涉及核查反馈)."
    needingVerification: Int!
    "Tasks answered."
    answered: Int!
    "Tasks past their deadline and not answered."
    overdue: Int!
  }

  """A page of tasks, newest first."""
  type VerificationTaskConnection {
    "Tasks of this page with cursors."
    edges: [VerificationTaskEdge!]!
    "Tasks of this page."
    nodes: [VerificationTask!]!
    "Where this page stands."
    pageInfo: PageInfo!
    "How many tasks match, over all pages."
    totalCount: Int!
    "Received / needing verification / answered / overdue counts."
    totals: VerificationTotals!
  }

  """Which tasks to list; every condition given must hold."""
  input VerificationTaskFilter {
    "Only this status."
    status: VerificationStatus
    "True: only overdue tasks; false: only tasks not overdue."
    overdue: Boolean
    "Only tasks routed to this unit (agency)."
    unitId: ID
    "Only tasks of this import."
    batchId: ID
  }

  """One record to import."""
  input VerificationRecordInput {
    "The sender's reference, unique; 1 to 100 characters."
    externalRef: String!
    "The person's name."
    personName: String!
    "Masked identity number (15 or 18 characters, middle starred); full numbers are refused."
    idNumberMasked: String
    "Masked phone number (138****1234); one of idNumberMasked and phoneMasked is required."
    phoneMasked: String
    "Why it was pushed."
    reason: String!
    "True when it needs field verification and feedback (it becomes a task); false: just received."
    needsVerification: Boolean!
    "Code of the unit (agency) to route it to right away (tasks only)."
    routedUnit: String
    "When the feedback is due (tasks only)."
    deadline: DateTime
    "When the source system received the record (not in the future); omitted: the import time. The report counts records received in its period by this time."
    receivedAt: DateTime
  }

  """A batch of records; all or nothing."""
  input ImportVerificationRecordsInput {
    "A key of your choosing: retrying with the same key and input returns the same import."
    idempotencyKey: String!
    "The sender's reference for the batch."
    batchRef: String!
    "1 to 5000 records. Bad rows reject the whole batch: the error's field names the first (input.records.17.externalRef), extensions.badRows lists all."
    records: [VerificationRecordInput!]!
  }

  """Route a task to a unit (COMMAND)."""
  input RouteVerificationTaskInput {
    "The task."
    id: ID!
    "The version you last saw."
    version: Int!
    "The unit (agency)."
    unitId: ID!
    "A new deadline, if any."
    deadline: DateTime
  }

  """Start field verification of a routed task."""
  input StartVerificationTaskInput {
    "The task."
    id: ID!
    "The version you last saw."
    version: Int!
  }

  """Answer a task with the result of field verification."""
  input AnswerVerificationTaskInput {
    "The task."
    id: ID!
    "The version you last saw; a stale one is CONFLICT."
    version: Int!
    "What verification found."
    result: VerificationResult!
    "Notes, up to 2000 characters."
    notes: String
  }

  extend type Query {
    "Verification tasks with totals (ADMIN, COMMAND, INSPECTOR, REVIEWER); first is 0 to 500 (default 50). An inspector sees only the tasks routed to its own unit (agency), totals included."
    verificationTasks(filter: VerificationTaskFilter, first: Int, after: String): VerificationTaskConnection!
    "One task. Null when there is no such task or the caller may not see it (an inspector sees only its own unit's tasks; the two are indistinguishable)."
    verificationTask("The task's id." id: ID!): VerificationTask
  }

  extend type Mutation {
    "Import up to 5000 records at once (COMMAND); also POST /verification-records.csv."
    importVerificationRecords(input: ImportVerificationRecordsInput!): VerificationImport!
    "Route or re-route a task to a unit (COMMAND)."
    routeVerificationTask(input: RouteVerificationTaskInput!): VerificationTask!
    "Start field verification of a routed task (COMMAND; an INSPECTOR only for a task routed to its own unit: another unit's is NOT_FOUND, an unrouted one INVALID_TRANSITION)."
    startVerificationTask(input: StartVerificationTaskInput!): VerificationTask!
    "Answer a task being verified (COMMAND; an INSPECTOR only for a task routed to its own unit, as for start); final."
    answerVerificationTask(input: AnswerVerificationTaskInput!): VerificationTask!
  }
`;
