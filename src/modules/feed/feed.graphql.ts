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
  }

  """A live event for the command centre."""
  type HubEvent {
    "Unique id of the event (for de-duplication on reconnect)."
    id: ID!
    "What happened."
    kind: HubEventKind!
    "When it happened."
    occurredAt: DateTime!
    "The site it is about, if any."
    siteId: ID
    "Type of the record it is about (Finding, Dispute, CheckpointTally, Site)."
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
    what it may see: a facility manager only events of its own sites. Optionally only some kinds.
    """
    events(kinds: [HubEventKind!]): HubEvent!
  }
`;
