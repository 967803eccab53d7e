export const reportTypeDefs = /* GraphQL */ `
  """The period a report covers: from (inclusive) to (exclusive)."""
  input ReportPeriodInput {
    "Start of the period (inclusive)."
    from: DateTime!
    "End of the period (exclusive); at most 366 days after from."
    to: DateTime!
  }

  """The period a report covers."""
  type ReportPeriod {
    "Start (inclusive)."
    from: DateTime!
    "End (exclusive)."
    to: DateTime!
  }

  """Language of a written summary."""
  enum ReportLanguage {
    "Chinese, in the style of the bureau's own reports."
    ZH
    "English."
    EN
  }

  """
  The command centre's report (ADMIN, COMMAND, REVIEWER), computed from stored data.

  As-of rule: the report has a cutoff, the instant its numbers stand at: \`asOf\` if given,
  otherwise the period end, and never later than the moment the report is made. The main
  figures count only records recorded at or before the cutoff (created_at; recorded_at for
  disinfection entries), and statuses as they stood at the cutoff (reconstructed from the
  audit trail). So a report for a past period with the same cutoff gives the same numbers
  whenever it is asked for. Records about the period that were recorded after the cutoff are
  counted in \`lateArrivals\`, never folded into the main figures.

  District: sections about sites (inspections, findings, disputes, disinfection, checkpoints,
  supplies) are filtered through the site's district; verification records have no site and
  are always county-wide.
  """
  type Report {
    "The period asked for."
    period: ReportPeriod!
    "The district asked for; null for the whole county."
    district: String
    "The asOf asked for; null when none was given."
    asOf: DateTime
    "The instant the numbers stand at (see the as-of rule)."
    cutoff: DateTime!
    "When this report was made."
    generatedAt: DateTime!
    "Inspections submitted in the period."
    inspections: InspectionReport!
    "Findings raised in the period."
    findings: FindingReport!
    "Rectification of findings due in the period."
    rectification: RectificationReport!
    "Findings overdue at the cutoff."
    overdue: OverdueReport!
    "Disputes lodged and resolved in the period."
    disputes: DisputeReport!
    "Disinfection compliance per site kind (only kinds with required areas and sites)."
    disinfection: [DisinfectionComplianceRow!]!
    "Checkpoint tallies of the shifts in the period."
    checkpoint: CheckpointReport!
    "Regional cooperative verification (区域协查) records received in the period."
    verification: VerificationReport!
    "Supplies delivered to sites in the period, per item."
    supplies: [SupplyDeliveredRow!]!
    "Police deployed and warnings pushed in the period (field operations)."
    operations: OperationsReport!
    "Records about the period recorded after the cutoff: not in the figures above."
    lateArrivals: LateArrivals!
    "The written summary in the given language (default ZH), from the same numbers."
    summary("ZH (default) or EN." language: ReportLanguage = ZH): String!
    "The written summary in Chinese, in the seed's style (检查车辆…辆，排查人员…人…)."
    summaryZh: String!
    "The written summary in English."
    summaryEn: String!
  }

  """Inspections submitted in the period. A correction restates its visit: the visit counts once, with the outcome of its latest correction known at the cutoff."""
  type InspectionReport {
    "Inspections (visits) submitted in the period."
    total: Int!
    "Distinct sites inspected."
    sitesInspected: Int!
    "Joint inspections (联合检查): by a team with members of two or more agencies when the inspection started (inspection.members records each member's agency then)."
    joint: Int!
    "Inspections by members of one agency only (total minus joint)."
    singleAgency: Int!
    "Per site kind (kinds with at least one inspection)."
    byKind: [InspectionKindRow!]!
  }

  """Inspections of one site kind, by outcome."""
  type InspectionKindRow {
    "The site kind (HOTEL, VENUE, …)."
    siteKind: String!
    "Inspections of this kind."
    total: Int!
    "Outcome PASS."
    pass: Int!
    "Outcome PASS_WITH_FINDINGS."
    passWithFindings: Int!
    "Outcome FAIL."
    fail: Int!
    "Distinct sites of this kind inspected."
    sitesInspected: Int!
    "Joint inspections of this kind (members of two or more agencies)."
    joint: Int!
  }

  """Findings raised in the period, by severity and by their status at the cutoff."""
  type FindingReport {
    "Findings raised in the period."
    total: Int!
    "One row per severity and status that has findings."
    bySeverityStatus: [FindingCountRow!]!
  }

  """A number of findings of one severity in one status."""
  type FindingCountRow {
    "CRITICAL, MAJOR or MINOR."
    severity: String!
    "The status at the cutoff."
    status: String!
    "How many."
    count: Int!
  }

  """
  Rectification rate. Due: findings whose deadline falls in the period, recorded by the
  cutoff, not WITHDRAWN at the cutoff. Rectified: those of them VERIFIED at the cutoff.
  rate = rectified / due (null when nothing was due).
  """
  type RectificationReport {
    "Findings due in the period (withdrawn ones excluded)."
    due: Int!
    "Findings due in the period that were withdrawn by the cutoff (not in due)."
    withdrawn: Int!
    "Due findings verified by the cutoff."
    rectified: Int!
    "Due findings verified no later than their deadline."
    rectifiedOnTime: Int!
    "rectified / due, 0 to 1, four decimals; null when due is 0."
    rate: Float
  }

  """
  Findings overdue at the cutoff, whenever raised: deadline passed, neither VERIFIED nor WITHDRAWN
  at the cutoff, and not paused then by an open dispute (MAJOR and MINOR findings under the
  profile's setting; a CRITICAL finding's deadline never pauses). The same rule as
  \`findings(filter: {overdue: true})\`, evaluated as of the cutoff.
  """
  type OverdueReport {
    "Overdue findings."
    count: Int!
    "Overdue CRITICAL findings, which are escalated."
    escalated: Int!
  }

  """Disputes: lodged in the period, and resolved in the period by the cutoff."""
  type DisputeReport {
    "Disputes lodged in the period."
    lodged: Int!
    "Disputes resolved in the period (RESOLVED at the cutoff)."
    resolved: Int!
    "Per kind: FINDING (a site contests a finding) and SITE_CONFLICT (a conflict recorded at a site, 矛盾纠纷)."
    byKind: [DisputeKindRow!]!
    "Resolved disputes per outcome."
    byOutcome: [DisputeOutcomeRow!]!
    "Median hours from lodging to resolution of the finding disputes resolved (percentile_cont 0.5); null when none. Site conflicts are recorded already resolved and are left out."
    medianHoursToResolve: Float
  }

  """Disputes of one kind."""
  type DisputeKindRow {
    "FINDING or SITE_CONFLICT."
    kind: String!
    "Lodged (recorded, for site conflicts) in the period."
    lodged: Int!
    "Resolved in the period."
    resolved: Int!
  }

  """Resolved disputes with one outcome."""
  type DisputeOutcomeRow {
    "UPHELD, OVERTURNED or AMENDED; null for site conflicts, whose agreed outcome is written text."
    outcome: String
    "How many."
    count: Int!
  }

  """
  Disinfection compliance of one site kind. A requirement is one required area (per the
  site kind's rules in force at E) of one site that existed and was active at the end
  E = min(period end, cutoff). An area's origin, the later of the site's registration and the
  rule's start, counts as an entry (a new site's first interval runs from its registration;
  entries before the origin do not count). It is met when, from the later of the period start
  and the origin to E, no stretch without an effective disinfection entry (or the origin) was
  longer than the area's interval, the first stretch beginning at the last of them at or before
  that start. So an area with no entry yet is not met only once its interval since the origin
  has run out within the period. It is in breach at the end when the last of them before E is
  older than the interval. disinfectionCompliance(siteId, from, to) shows a gap for exactly the
  failed requirements of that site, one ending at E for those in breach at the end.
  """
  type DisinfectionComplianceRow {
    "The site kind."
    siteKind: String!
    "Sites of this kind with requirements."
    sites: Int!
    "Required areas across those sites."
    requirements: Int!
    "Requirements met over the whole period."
    requirementsMet: Int!
    "requirementsMet / requirements, 0 to 1; null when there are none."
    complianceRate: Float
    "Requirements in breach at the end."
    requirementsInBreachAtEnd: Int!
    "Sites with at least one requirement in breach at the end."
    sitesInBreachAtEnd: Int!
  }

  """
  Checkpoint tallies (卡口登记) of the shifts in the period: a shift belongs to the period when
  the start of its shift date (midnight, Asia/Shanghai) falls in it. Only the tally effective
  at the cutoff counts for each shift (a correction replaces the tally it corrects).
  """
  type CheckpointReport {
    "Effective tallies (shifts reported)."
    tallies: Int!
    "Distinct checkpoints that reported."
    checkpoints: Int!
    "Shifts with fewer than two leaders on duty."
    shiftsShortOfLeaders: Int!
    "The checkpoints that reported, per road type (as each checkpoint records it now); only types with checkpoints, road type null for those without one."
    byRoadType: [CheckpointRoadTypeRow!]!
    "Vehicles checked (检查车辆)."
    vehiclesChecked: Int!
    "Persons screened (排查人员)."
    personsScreened: Int!
    "Vehicles turned back (劝返车辆)."
    vehiclesTurnedBack: Int!
    "Persons turned back (劝返人员)."
    personsTurnedBack: Int!
    "Test certificates verified (查验核酸证明)."
    certificatesVerified: Int!
    "Samples taken on site (现场采集核酸)."
    samplesTaken: Int!
  }

  """Checkpoints of one road type that reported in the period (设置防疫卡点…其中高速路口…个、国省道…个)."""
  type CheckpointRoadTypeRow {
    "HIGHWAY_EXIT, NATIONAL_ROAD or PROVINCIAL_ROAD; null: not recorded."
    roadType: RoadType
    "Distinct checkpoints of this type with an effective tally."
    checkpoints: Int!
  }

  """The six checkpoint figures."""
  type CheckpointFigures {
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

  """Verification records received in the period (created in it, by the cutoff), with their tasks' state at the cutoff."""
  type VerificationReport {
    "Records received (接收数据)."
    received: Int!
    "Of those, records needing field verification and feedback (涉及核查反馈)."
    needingVerification: Int!
    "Tasks routed to a unit, not yet in verification."
    routed: Int!
    "Tasks verified in the field or answered (VERIFYING or ANSWERED)."
    verified: Int!
    "Tasks answered with a feedback result."
    answered: Int!
    "Tasks not answered and past their deadline at the cutoff."
    overdue: Int!
    "Always false: verification records have no site, so the district filter does not apply."
    appliesDistrictFilter: Boolean!
  }

  """Field operations that took place in the period, recorded by the cutoff (with a district: that district's only, county-wide records left out)."""
  type OperationsReport {
    "Police deployments recorded."
    deployments: Int!
    "Police deployed, in person-times (出动警力…人次)."
    officersDeployed: Int!
    "Warning pushes recorded."
    pushes: Int!
    "Warnings pushed (推送预警提示…条)."
    messagesPushed: Int!
    "People they reached (受宣群众…人)."
    peopleReached: Int!
  }

  """One supply item delivered to sites in the period."""
  type SupplyDeliveredRow {
    "The item's code."
    itemCode: String!
    "The item's name."
    name: String!
    "The item's kind (MASK, …)."
    kind: String!
    "PIECE, PAIR, LITRE or CASE."
    unit: String!
    "The unit in Chinese (只, 双, 件 …), as the summary writes it."
    unitZh: String!
    "The unit in English, singular; null where the item is counted as itself."
    unitEn: String
    "The English unit's plural."
    unitEnPlural: String
    "Total quantity delivered."
    quantity: Int!
    "Number of deliveries."
    deliveries: Int!
    "Distinct sites delivered to."
    sites: Int!
  }

  """Records about the period recorded after the cutoff, per section; none of them is in the main figures."""
  type LateArrivals {
    "All late records."
    total: Int!
    "Inspections submitted in the period, known after the cutoff."
    inspections: Int!
    "Findings raised in the period, recorded after the cutoff."
    findings: Int!
    "Disputes lodged or resolved in the period, recorded after the cutoff."
    disputes: Int!
    "Disinfection entries started in the period, recorded after the cutoff."
    disinfectionEntries: Int!
    "Checkpoint tallies (and corrections) for the period's shifts, recorded after the cutoff."
    checkpointTallies: Int!
    "What those tallies change in the checkpoint figures (now minus at the cutoff); may be negative."
    checkpointNetChange: CheckpointFigures!
    "Verification records received in the period after the cutoff (asOf inside the period)."
    verificationRecords: Int!
    "Supply deliveries in the period, recorded after the cutoff."
    supplyDeliveries: Int!
    "Field operations (police deployed, warnings pushed) in the period, recorded after the cutoff."
    fieldOperations: Int!
    "Decisions and corrections recorded after the cutoff about records of the period known by it (not counted in total, which counts records)."
    decisions: LateDecisions!
    "What everything recorded after the cutoff (late records and later decisions) changes in the period's figures: each figure now minus at the cutoff; all 0 when the cutoff is now."
    netChange: ReportNetChange!
  }

  """
  Records of the period known by the cutoff and changed after it, each counted once however often
  it changed. Their statuses count in the main figures as they stood at the cutoff; netChange says
  what the changes (with the late records) alter.
  """
  type LateDecisions {
    "All of them."
    total: Int!
    "Findings raised or due in the period whose status, severity or deadline changed after the cutoff (a dispute decided, a rectification verified, a withdrawal, an escalation)."
    findings: Int!
    "Disputes lodged or resolved in the period whose status changed after the cutoff (decided, reassigned, withdrawn)."
    disputes: Int!
    "Verification records received in the period whose task's status changed after the cutoff (routed, verified, answered)."
    verificationRecords: Int!
    "Corrections of the period's inspections (known by the cutoff) known only after it."
    inspectionCorrections: Int!
  }

  """
  Each figure of the period as it stands now minus as it stood at the cutoff (may be negative).
  Overdue findings and disinfection compliance are left out: they are judged at the cutoff
  itself, so they move with it, not only with what was recorded later.
  """
  type ReportNetChange {
    "Inspections (visits)."
    inspections: Int!
    "Outcome PASS."
    inspectionsPass: Int!
    "Outcome PASS_WITH_FINDINGS."
    inspectionsPassWithFindings: Int!
    "Outcome FAIL."
    inspectionsFail: Int!
    "Joint inspections."
    jointInspections: Int!
    "Distinct sites inspected."
    sitesInspected: Int!
    "Findings raised."
    findings: Int!
    "Findings per severity and status, where the change is not 0."
    findingsBySeverityStatus: [FindingCountRow!]!
    "Findings due (rectification)."
    rectificationDue: Int!
    "Findings due that were withdrawn."
    rectificationWithdrawn: Int!
    "Due findings verified."
    rectified: Int!
    "Due findings verified by their deadline."
    rectifiedOnTime: Int!
    "Disputes lodged."
    disputesLodged: Int!
    "Disputes resolved."
    disputesResolved: Int!
    "Verification records received."
    verificationReceived: Int!
    "Of them, needing verification."
    verificationNeedingVerification: Int!
    "Routed."
    verificationRouted: Int!
    "Verified (verifying or answered)."
    verificationVerified: Int!
    "Answered."
    verificationAnswered: Int!
    "Supply deliveries."
    supplyDeliveries: Int!
    "Supply quantity delivered (all items)."
    suppliesQuantity: Int!
    "Police deployments."
    deployments: Int!
    "Officers deployed."
    officersDeployed: Int!
    "Warning pushes."
    pushes: Int!
    "Warnings pushed."
    messagesPushed: Int!
    "People reached."
    peopleReached: Int!
  }

  extend type Query {
    "The command centre's report for a period (ADMIN, COMMAND, REVIEWER); see Report for the as-of rule."
    report(
      "The period: from (inclusive) to (exclusive)."
      period: ReportPeriodInput!
      "Only sites of this district (site.district); omit for the whole county."
      district: String
      "The cutoff: count only what was recorded by then. Default: the period end (or now, if that is later than now)."
      asOf: DateTime
    ): Report!
  }
`;
