export const reportSeriesTypeDefs = /* GraphQL */ `
  """The length of one bucket of a report series."""
  enum ReportBucket {
    "Local (Asia/Shanghai) calendar days."
    DAY
    "Weeks from local Monday midnight."
    WEEK
  }

  """
  The report's figures per day or week (ADMIN, COMMAND, REVIEWER), for charts. The buckets cut the
  period at local midnights (the first and last at the period's own bounds) and each is computed
  with the report's own statements and cutoff, so the counts of the buckets add up to the report's
  for the same period, district and asOf. \`overdue\` is a backlog (at the bucket's end or the
  cutoff, whichever is earlier): the last bucket's is the report's. Disinfection compliance is
  judged over each bucket.
  """
  type ReportSeries {
    "The period asked for."
    period: ReportPeriod!
    "DAY or WEEK."
    bucket: ReportBucket!
    "The district asked for; null for the whole county."
    district: String
    "The asOf asked for."
    asOf: DateTime
    "The instant the numbers stand at, as in report."
    cutoff: DateTime!
    "The buckets in order; together they cover the period."
    buckets: [ReportSeriesBucket!]!
  }

  """One day or week of a report series."""
  type ReportSeriesBucket {
    "Start (inclusive)."
    from: DateTime!
    "End (exclusive)."
    to: DateTime!
    "Inspections submitted in the bucket, by outcome."
    inspections: SeriesInspections!
    "Findings raised, due and rectified in the bucket; the overdue backlog at its end."
    findings: SeriesFindings!
    "Disputes lodged and resolved in the bucket."
    disputes: SeriesDisputes!
    "Disinfection compliance per site kind over the bucket."
    disinfection: [SeriesCompliance!]!
    "Checkpoint figures of the bucket's shifts."
    checkpoint: SeriesCheckpoint!
    "Verification records received in the bucket, and how many of them are answered."
    verification: SeriesVerification!
    "Supplies delivered in the bucket."
    supplies: SeriesSupplies!
  }

  """Inspections of a bucket by outcome (as report.inspections)."""
  type SeriesInspections {
    "Visits submitted."
    total: Int!
    "Outcome PASS."
    pass: Int!
    "Outcome PASS_WITH_FINDINGS."
    passWithFindings: Int!
    "Outcome FAIL."
    fail: Int!
  }

  """Findings of a bucket."""
  type SeriesFindings {
    "Raised in the bucket (report.findings.total)."
    raised: Int!
    "Due in the bucket (report.rectification.due)."
    due: Int!
    "Of those due, verified rectified by the cutoff (report.rectification.rectified)."
    rectified: Int!
    "Overdue at the bucket's end, or the cutoff if earlier (report.overdue.count)."
    overdue: Int!
    "Of those, CRITICAL (report.overdue.escalated)."
    escalated: Int!
  }

  """Disputes of a bucket (report.disputes)."""
  type SeriesDisputes {
    "Lodged in the bucket."
    lodged: Int!
    "Resolved in the bucket."
    resolved: Int!
  }

  """Disinfection compliance of one site kind over a bucket."""
  type SeriesCompliance {
    "The site kind."
    siteKind: String!
    "Site × required area pairs judged."
    requirements: Int!
    "Of those, kept within the interval throughout the bucket."
    requirementsMet: Int!
    "requirementsMet / requirements (0..1), null when none."
    complianceRate: Float
  }

  """Checkpoint figures of a bucket's shifts (report.checkpoint)."""
  type SeriesCheckpoint {
    "Effective tallies."
    tallies: Int!
    "Vehicles checked."
    vehiclesChecked: Int!
    "Persons screened."
    personsScreened: Int!
    "Vehicles turned back."
    vehiclesTurnedBack: Int!
    "Persons turned back."
    personsTurnedBack: Int!
    "Test certificates verified."
    certificatesVerified: Int!
    "Samples taken on site."
    samplesTaken: Int!
  }

  """Verification records of a bucket, by receipt (report.verification)."""
  type SeriesVerification {
    "Records received."
    received: Int!
    "Of those, answered by the cutoff."
    answered: Int!
  }

  """Supplies delivered in a bucket (report.supplies)."""
  type SeriesSupplies {
    "Deliveries."
    deliveries: Int!
    "Units delivered, all items together."
    quantity: Int!
    "Per item delivered."
    items: [SeriesSupplyItem!]!
  }

  """One item's deliveries in a bucket."""
  type SeriesSupplyItem {
    "Catalogue code."
    itemCode: String!
    "Name."
    name: String!
    "Unit in Chinese (件, 箱…)."
    unitZh: String!
    "Quantity delivered."
    quantity: Int!
  }

  """The audit chain's head at an instant: its last seal written by then."""
  type AuditChainHead {
    "Position of that seal in the chain (0 for an empty chain)."
    position: Int!
    "Its hash (64 zeros for an empty chain): keep it with a printed report."
    hash: String!
    "When it was sealed."
    sealedAt: DateTime
  }

  extend type Report {
    "The audit chain's head at the cutoff, for the report's footer: a later chain that does not pass through it was rewritten."
    auditHead: AuditChainHead!
  }

  extend type Query {
    "The report's figures per DAY (default) or WEEK, at most 92 buckets (ADMIN, COMMAND, REVIEWER). Same arguments and as-of rule as report."
    reportSeries(period: ReportPeriodInput!, bucket: ReportBucket = DAY, district: String, asOf: DateTime): ReportSeries!
  }
`;
