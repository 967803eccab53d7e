export const feedTypeDefs = /* GraphQL */ `
  """What happened."""
  enum HubEventKind {
    "A CRITICAL finding was raised."
    CRITICAL_FINDING_RAISED
    "A finding passed its deadline without being verified or withdrawn."
    FINDING_OVERDUE
    "A site lodged a dispute against a finding."
    DISPUTE_LODGED
    "A reviewer resolved a dispute."
    DISPUTE_RESOLVED
    "A site fell out of disinfection compliance (a required area went past its interval)."
    SITE_OUT_OF_COMPLIANCE
    "A checkpoint shift tally was filed."
    CHECKPOINT_TALLY_FILED
    "Verification records were imported, or a verification task (区域协查) was routed, started or answered. For the roles that see every task (ADMIN, COMMAND, REVIEWER); inspectors, who see only their own unit's tasks, do not receive it."
    VERIFICATION_TASK_CHANGED
  }

  """A live event for the command centre."""
  type HubEvent {
    "Unique id of the event: its cursor."
    id: ID!
    "Where this event stands in the feed: pass the last one you received as events(after:) when you reconnect. Opaque."
    cursor: String!
    "What happened."
    kind: HubEventKind!
    "When it happened."
    occurredAt: DateTime!
    "The site it is about, if any."
    siteId: ID
    "Type of the record it is about (Finding, Dispute, CheckpointTally, Site, VerificationTask, VerificationImport)."
    entityType: String!
    "Id of that record."
    entityId: ID!
    "One line for a person, Chinese and English."
    message: String!
    "Details (severity, deadline, outcome, figures…)."
    data: JSONObject!
  }

  type Subscription {
    """
    Live events over WebSocket (graphql-ws, same URL as the API: ws://host:port/graphql), signed
    in with connectionParams { Authorization: "Bearer <token>" }. Each subscriber receives only
    what it may see, checked at each event against its account as it is now (a few seconds
    stale at most): a facility manager only events of its own sites. Optionally only some kinds.
    With \`after\` (the cursor of the last event received), first every later event the subscriber
    may see, in order, without duplicates, then the live stream; a cursor older than the
    retention period is BAD_USER_INPUT (field "after"). A deactivated account's socket is closed
    with 4403, an expired token's with 4401; one whose access could not be rechecked for longer
    than twice that bound plus a second (the database unreachable) with 1013: reconnect with
    the last cursor.
    """
    events(
      "Only these kinds (default: all)."
      kinds: [HubEventKind!]
      "Resume after this cursor (HubEvent.cursor)."
      after: String
    ): HubEvent!
  }
`;
