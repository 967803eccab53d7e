export const fieldOperationTypeDefs = /* GraphQL */ `
  """What kind of field operation."""
  enum OperationKind {
    "出动警力 police deployed for patrols or guard duty, in person-times."
    POLICE_DEPLOYMENT
    "推送预警提示 warnings pushed to the public (fraud alerts, road conditions, legal information)."
    WARNING_PUSH
  }

  """
  A field operation the command centre reports that is not a visit to a site: police deployed
  (出动警力…人次) or warnings pushed (推送预警提示…条，受宣群众…人). Never changed once recorded.
  """
  type FieldOperation {
    "Stable id."
    id: ID!
    "POLICE_DEPLOYMENT or WARNING_PUSH."
    kind: OperationKind!
    "When it took place."
    occurredAt: DateTime!
    "The district it served; null: county-wide."
    district: String
    "What it was."
    description: String!
    "POLICE_DEPLOYMENT: officers deployed, in person-times (人次)."
    officersDeployed: Int
    "WARNING_PUSH: messages pushed (条)."
    messagesPushed: Int
    "WARNING_PUSH: people reached (人)."
    peopleReached: Int
    "Who recorded it."
    recordedBy: Account!
    "When it was recorded."
    createdAt: DateTime!
  }

  """A field operation to record (ADMIN, COMMAND)."""
  input RecordFieldOperationInput {
    "A key of your choosing, 1 to 200 characters: a retry with the same key and input returns the same record."
    idempotencyKey: String!
    "POLICE_DEPLOYMENT or WARNING_PUSH."
    kind: OperationKind!
    "When it took place; not in the future."
    occurredAt: DateTime!
    "The district it served (up to 100 characters); omit for county-wide."
    district: String
    "What it was, 1 to 2000 characters."
    description: String!
    "POLICE_DEPLOYMENT only, and required there: person-times, at least 1."
    officersDeployed: Int
    "WARNING_PUSH only, and required there: messages, at least 1."
    messagesPushed: Int
    "WARNING_PUSH only, and required there: people reached, 0 or more."
    peopleReached: Int
  }

  extend type Query {
    "Field operations that took place in [from, to) (at most 366 days), newest first, at most 1000 (ADMIN, COMMAND, REVIEWER)."
    fieldOperations(from: DateTime!, to: DateTime!, kind: OperationKind): [FieldOperation!]!
  }

  extend type Mutation {
    "Record police deployed or warnings pushed (ADMIN, COMMAND)."
    recordFieldOperation(input: RecordFieldOperationInput!): FieldOperation!
  }
`;
