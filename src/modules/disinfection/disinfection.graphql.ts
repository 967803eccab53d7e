export const disinfectionTypeDefs = /* GraphQL */ `
  """What was used to disinfect."""
  enum DisinfectionAgent {
    "Chlorine-based (含氯消毒剂), e.g. sodium hypochlorite; check range 250–2,000 mg/L."
    CHLORINE
    "Alcohol (乙醇); check range 70–90 %."
    ALCOHOL
    "Peracetic acid (过氧乙酸)."
    PERACETIC_ACID
    "Quaternary ammonium compounds (季铵盐)."
    QUATERNARY_AMMONIUM
    "Ultraviolet light (紫外线)."
    UV
    "Anything else; say what in notes."
    OTHER
  }

  """Unit of an entry's concentration."""
  enum ConcentrationUnit {
    "Milligrams per litre (available chlorine)."
    MG_PER_L
    "Parts per million (taken as mg/L for solutions)."
    PPM
    "Percent (alcohol by volume; for chlorine, 1 % = 10,000 mg/L)."
    PERCENT
    "UV irradiance, mW/cm²."
    MW_PER_CM2
    "No concentration (concentration must then be null)."
    NONE
  }

  """How it was applied."""
  enum DisinfectionMethod {
    "Spraying (喷洒)."
    SPRAY
    "Wiping (擦拭)."
    WIPE
    "Soaking (浸泡)."
    SOAK
    "Fumigation (熏蒸)."
    FUMIGATION
    "UV irradiation (照射)."
    UV
  }

  """A plausibility warning stored with an entry; the entry was still accepted."""
  type DisinfectionWarning {
    "CHLORINE_CONCENTRATION_OUT_OF_RANGE, ALCOHOL_CONCENTRATION_OUT_OF_RANGE, CONCENTRATION_MISSING, UNIT_UNUSUAL, METHOD_AGENT_MISMATCH, ZERO_DURATION or STARTED_IN_FUTURE."
    code: String!
    "What looks wrong, for people."
    message: String!
  }

  """
  One disinfection of one area of a site (消毒记录). Entries are never edited or deleted: a
  correction is a new entry that points at the one it corrects, and logs show the corrected view.
  """
  type DisinfectionEntry {
    "Stable id."
    id: ID!
    "The site."
    site: Site!
    "Area code, e.g. LOBBY, GUEST_ROOMS, RESTROOMS, CELLS, VISITING_ROOM, ISOLATION_ROOMS, WASTE_AREA."
    area: String!
    "Agent used."
    agent: DisinfectionAgent!
    "Concentration, in concentrationUnit; null when the unit is NONE."
    concentration: Float
    "Unit of the concentration."
    concentrationUnit: ConcentrationUnit!
    "How it was applied."
    method: DisinfectionMethod!
    "When the work started (what compliance intervals are measured between)."
    startedAt: DateTime!
    "How long it took, in minutes."
    durationMinutes: Int!
    "Who did the work (free text, so workers without accounts can be named; defaults to the display name of the account that recorded it)."
    operatorName: String!
    "Anything else worth recording."
    notes: String
    "Photos or PDFs attached as evidence."
    evidence: [Attachment!]!
    "Plausibility warnings found when it was recorded."
    warnings: [DisinfectionWarning!]!
    "The account that recorded it: the site's manager, or a staff member the manager registered."
    recordedBy: Account
    "When it was recorded (server time)."
    recordedAt: DateTime!
    "The entry this one corrects, if it is a correction."
    corrects: DisinfectionEntry
    "Why the correction was made (set on corrections only)."
    correctionReason: String
    "The correction that replaced this entry; null while it is the effective version."
    supersededBy: DisinfectionEntry
    "Every earlier version this entry replaces, newest first (empty unless it is a correction)."
    corrections: [DisinfectionEntry!]!
    "True unless a correction has replaced this entry."
    effective: Boolean!
  }

  """One entry of a disinfectionLog page."""
  type DisinfectionEntryEdge {
    "Pass as \`after\` to continue after this entry."
    cursor: String!
    "The entry."
    node: DisinfectionEntry!
  }

  """A page of a site's disinfection log."""
  type DisinfectionEntryConnection {
    "The entries with their cursors."
    edges: [DisinfectionEntryEdge!]!
    "The entries."
    nodes: [DisinfectionEntry!]!
    "Where this page stands."
    pageInfo: PageInfo!
    "How many entries match, over all pages."
    totalCount: Int!
  }

  """A stretch longer than the area's interval with no effective disinfection entry: a compliance breach."""
  type ComplianceGap {
    "The required area."
    area: String!
    "Start of the stretch: the last entry before it, or the start of the period asked about."
    from: DateTime!
    "End of the stretch: the next entry, or the end of the period (never later than now)."
    to: DateTime!
    "Length of the stretch in hours (two decimals)."
    hours: Float!
    "The longest stretch the site kind's rule allows for this area."
    maxIntervalHours: Int!
  }

  """An area a site must have disinfected, and how often (its kind's rule)."""
  type DisinfectionRequirement {
    "The area code, e.g. GUEST_ROOMS: entries for this site must name one of these."
    area: String!
    "The longest stretch allowed between two disinfections of the area, in hours."
    maxIntervalHours: Int!
  }

  """A required area that is overdue for disinfection."""
  type AreaBreach {
    "The area code."
    area: String!
    "The rule's interval."
    maxIntervalHours: Int!
    "The last effective entry's start time, or null when there never was one."
    lastDisinfectedAt: DateTime
    "Hours since that entry (null when there never was one)."
    hoursSince: Float
  }

  """A site out of disinfection compliance at a given time."""
  type SiteDisinfectionBreach {
    "The site."
    site: Site!
    "Its overdue areas."
    areas: [AreaBreach!]!
  }

  """The values of one entry, with the key that makes retrying it safe."""
  input DisinfectionEntryInput {
    "Client-generated; the same key with the same values files the entry once."
    idempotencyKey: String!
    "Area code, one of the site's required areas (disinfectionRequirements), e.g. GUEST_ROOMS; another is BAD_USER_INPUT naming the allowed ones."
    area: String!
    "Agent used."
    agent: DisinfectionAgent!
    "Concentration (null exactly when the unit is NONE)."
    concentration: Float
    "Unit of the concentration."
    concentrationUnit: ConcentrationUnit!
    "How it was applied."
    method: DisinfectionMethod!
    "When the work started."
    startedAt: DateTime!
    "Minutes, 0 to 10,080."
    durationMinutes: Int!
    "Who did the work; leave it out when you did it yourself (your display name is used)."
    operatorName: String
    "Notes."
    notes: String
    "Attachments uploaded with POST /attachments (yours, or visible to you)."
    evidenceIds: [ID!]
  }

  """recordDisinfection's input: one entry at a site."""
  input RecordDisinfectionInput {
    "The site (one you manage, or work at as its staff)."
    siteId: ID!
    "Client-generated; the same key with the same values files the entry once."
    idempotencyKey: String!
    "Area code, one of the site's required areas (disinfectionRequirements); another is BAD_USER_INPUT on input.area naming the allowed ones."
    area: String!
    "Agent used."
    agent: DisinfectionAgent!
    "Concentration (null exactly when the unit is NONE)."
    concentration: Float
    "Unit of the concentration."
    concentrationUnit: ConcentrationUnit!
    "How it was applied."
    method: DisinfectionMethod!
    "When the work started."
    startedAt: DateTime!
    "Minutes, 0 to 10,080."
    durationMinutes: Int!
    "Who did the work; leave it out when you did it yourself (your display name is used)."
    operatorName: String
    "Notes."
    notes: String
    "Attachments uploaded with POST /attachments."
    evidenceIds: [ID!]
  }

  """recordDisinfectionBatch's input: up to 200 entries of one site, filed all or nothing."""
  input RecordDisinfectionBatchInput {
    "The site (one you manage, or work at as its staff)."
    siteId: ID!
    "The entries; an error names the bad one (input.entries.3.concentration)."
    entries: [DisinfectionEntryInput!]!
  }

  """correctDisinfection's input: the complete new values and why."""
  input CorrectDisinfectionInput {
    "The entry to correct (its latest version)."
    correctsId: ID!
    "Why it is corrected."
    reason: String!
    "Client-generated; the same key with the same values corrects once."
    idempotencyKey: String!
    "Area code, one of the site's required areas (disinfectionRequirements); another is BAD_USER_INPUT on input.area naming the allowed ones."
    area: String!
    "Agent used."
    agent: DisinfectionAgent!
    "Concentration (null exactly when the unit is NONE)."
    concentration: Float
    "Unit of the concentration."
    concentrationUnit: ConcentrationUnit!
    "How it was applied."
    method: DisinfectionMethod!
    "When the work started."
    startedAt: DateTime!
    "Minutes, 0 to 10,080."
    durationMinutes: Int!
    "Who did the work; left out, the corrected entry's operator is kept."
    operatorName: String
    "Notes."
    notes: String
    "Attachments uploaded with POST /attachments."
    evidenceIds: [ID!]
  }

  """One area a site's kind requires to be disinfected, and where the site stands on it now."""
  type DisinfectionAreaStatus {
    "Area code, e.g. LOBBY, GUEST_ROOMS, RESTROOMS."
    area: String!
    "The longest allowed stretch between two disinfections of the area, in hours."
    maxIntervalHours: Int!
    "The last effective entry's start time, or null when there never was one."
    lastDisinfectedAt: DateTime
    "When the next disinfection is due: the last entry plus the interval, or, with none since, the area's origin (the later of the site's registration and the rule's start) plus the interval."
    nextDueAt: DateTime
    "True when nextDueAt has passed: a site registered less than one interval ago is not overdue."
    overdue: Boolean!
  }

  extend type Query {
    "The areas the site's kind requires, each with its last disinfection and when the next is due, by area code. Same access as disinfectionLog."
    disinfectionAreas(siteId: ID!): [DisinfectionAreaStatus!]!
    "A site's disinfection log by start time, oldest first: the effective entries (corrected view), or every version with includeSuperseded. Facility managers and staff: their own sites; inspectors: sites one of their teams has an inspection of (any state but CANCELLED) or whose inspection they were a member of; command, reviewers, admins: every site. Any other site is NOT_FOUND."
    disinfectionLog(siteId: ID!, from: DateTime, to: DateTime, includeSuperseded: Boolean = false, "Page size (default 50, at most 500)." first: Int, after: String): DisinfectionEntryConnection!
    "Per required area of the site's kind, the stretches between from and to (capped at now) longer than the area's interval. The area's origin (the later of the site's registration and the rule's start) counts as an entry, and entries before it do not: a stretch starts at the last entry or origin at or before from (at the origin when that is later). The report's compliance follows the same rule. Same access as disinfectionLog."
    disinfectionCompliance(siteId: ID!, from: DateTime!, to: DateTime!): [ComplianceGap!]!
    "Active sites out of disinfection compliance at \`at\` (default now), optionally only some sites. COMMAND, REVIEWER, ADMIN: every site; INSPECTOR: only the sites whose log it may read (see disinfectionLog); FACILITY_MANAGER and FACILITY_STAFF: their own sites."
    sitesInBreach(at: DateTime, siteIds: [ID!]): [SiteDisinfectionBreach!]!
    "The areas a site must have disinfected, with their intervals, by area code. Anyone who may see the site (as site(id)); another manager's site, or none, is NOT_FOUND."
    disinfectionRequirements(siteId: ID!): [DisinfectionRequirement!]!
  }

  extend type Mutation {
    "Append one disinfection entry (FACILITY_MANAGER of the site, or FACILITY_STAFF registered for it). Implausible values are stored as warnings, not refused."
    recordDisinfection(input: RecordDisinfectionInput!): DisinfectionEntry!
    "Append a batch of entries in one transaction, all or nothing; a retried batch returns the same entries and files nothing new."
    recordDisinfectionBatch(input: RecordDisinfectionBatchInput!): [DisinfectionEntry!]!
    "Correct an entry: a new entry that replaces it in the log; the original stays, visible as superseded. Managers correct any entry of their site, staff only entries they recorded (else FORBIDDEN)."
    correctDisinfection(input: CorrectDisinfectionInput!): DisinfectionEntry!
  }
`;
