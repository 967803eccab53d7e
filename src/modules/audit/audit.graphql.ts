export const auditTypeDefs = /* GraphQL */ `
  """One field a change touched, with its value before and after (null when it did not exist)."""
  type FieldChange {
    "The field's name, as the entity calls it (e.g. displayName)."
    field: String!
    "The value before the change; null on create."
    before: JSON
    "The value after the change; null on delete."
    after: JSON
  }

  """
  One change in the hub, written in the same transaction as the change itself, so a change and
  its record commit or roll back together. Events are append-only and sealed into a hash chain
  shortly after they commit (see verifyAuditChain).
  """
  type AuditEvent {
    "Position in the trail (increasing; ids are given when the event is written, not when it commits)."
    id: ID!
    "When the change was made (database clock)."
    occurredAt: DateTime!
    "The account that made the change; null for the system itself (demo data, maintenance)."
    actor: Account
    "The actor's username as it was at the time (kept even if the account changes later); 'system' or null for the system."
    actorUsername: String
    "The actor's role at the time; null for the system."
    actorRole: Role
    "What was done, as entity.verb (account.create, site.update, inspection.submit …)."
    action: String!
    "The kind of record changed (Account, Agency, Site …)."
    entityType: String!
    "The id of the record changed."
    entityId: String!
    "The fields the change touched, with before and after values (passwords and versions are never recorded)."
    changes: [FieldChange!]!
    "The id of the HTTP request that made the change (the x-request-id header, sent or given out), to match with logs."
    requestId: String
    "True once the event is in the hash chain; it is sealed moments after its transaction commits."
    sealed: Boolean!
    "Position in the hash chain (a decimal integer); null until sealed."
    seq: String
    "sha256 of the previous seal's hash and this event's content, hex; null until sealed."
    hash: String
  }

  """An inclusive time window; either end may be left open."""
  input AuditTimeRange {
    "From this instant (inclusive)."
    from: DateTime
    "Up to this instant (inclusive)."
    to: DateTime
  }

  """Narrows auditEvents; every field given must match."""
  input AuditEventFilter {
    "Only changes to this kind of record (exact, e.g. Account)."
    entityType: String
    "Only changes to this record (use with entityType)."
    entityId: String
    "Only changes made by this account."
    actorId: ID
    "Only this action (exact, e.g. account.create)."
    action: String
    "Only changes made in this window."
    occurredBetween: AuditTimeRange
  }

  """One audit event in a page, with its cursor."""
  type AuditEventEdge {
    "Pass as after to get the events that follow this one."
    cursor: String!
    "The event."
    node: AuditEvent!
  }

  """A page of audit events, newest first."""
  type AuditEventConnection {
    "The events of this page with their cursors."
    edges: [AuditEventEdge!]!
    "The events of this page."
    nodes: [AuditEvent!]!
    "Where this page stands."
    pageInfo: PageInfo!
    "How many events match the filter, across all pages."
    totalCount: Int!
  }

  """One thing wrong with the hash chain."""
  type AuditChainProblem {
    "The chain position where the problem is (a decimal integer), if it has one."
    seq: String
    "The audit event concerned, if known."
    eventId: ID
    "What is wrong, in words."
    problem: String!
  }

  """
  The result of walking the whole hash chain and recomputing every hash from the events as they
  are stored now. It detects sealed events altered or removed and seals altered or removed. It
  cannot detect events removed before they were sealed, nor a rewrite of the whole chain's tail
  by someone with database superuser rights: compare headHash with a copy kept elsewhere.
  """
  type AuditChainReport {
    "True when every seal is present, continues the chain and matches its event."
    ok: Boolean!
    "How many events the chain holds."
    sealedEvents: Int!
    "Committed events not yet in the chain (normally 0 right after verifying, which seals first)."
    unsealedEvents: Int!
    "The hash of the last seal (64 zeros for an empty chain); keep a copy elsewhere to detect a rewritten tail."
    headHash: String!
    "What is wrong, first problem first; empty when ok (at most 20)."
    problems: [AuditChainProblem!]!
  }

  extend type Query {
    "The audit trail, newest first (ADMIN, REVIEWER)."
    auditEvents(
      "Narrow the list."
      filter: AuditEventFilter
      "How many events (default 50, at most 500)."
      first: Int
      "The endCursor of the previous page."
      after: String
    ): AuditEventConnection!
    "Seals pending events into the hash chain, then verifies the whole chain (ADMIN, REVIEWER)."
    verifyAuditChain: AuditChainReport!
  }
`;
