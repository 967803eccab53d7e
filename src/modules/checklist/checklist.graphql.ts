export const checklistTypeDefs = /* GraphQL */ `
  """How serious a failed item or a finding is; the site kind's profile turns it into a deadline."""
  enum Severity {
    "A danger now (e.g. no temperature checks at a detention facility): the shortest deadline; a failed CRITICAL item fails the whole inspection."
    CRITICAL
    "A clear breach of the rules."
    MAJOR
    "A shortcoming to put right."
    MINOR
  }

  """How an item is answered, and when the answer passes."""
  enum AnswerType {
    "Yes or no; the prompt is worded so that YES is compliant."
    YES_NO
    "A number; it passes within [min, max] (either bound may be absent)."
    NUMBER
    "One of the item's choices; it passes when the chosen option is compliant."
    CHOICE
    "Free text; recorded, never scored (weight 0)."
    TEXT
  }

  """Where a checklist version stands."""
  enum ChecklistVersionStatus {
    "Being written; its items may still change. Inspections cannot use it."
    DRAFT
    "Final: the database refuses any change to it or its items."
    PUBLISHED
  }

  """One option of a CHOICE item."""
  type ChoiceOption {
    "The value an answer gives."
    value: String!
    "Label in Chinese."
    labelZh: String!
    "Label in English."
    labelEn: String!
    "True when choosing this option passes the item."
    compliant: Boolean!
  }

  """One question of a checklist version."""
  type ChecklistItem {
    "Stable id of this item in this version."
    id: ID!
    "Code that stays the same across versions (answers and tallies use it)."
    code: String!
    "Order within the version, from 0."
    position: Int!
    "Group heading, e.g. 体温检测 temperature checks."
    category: String!
    "The question in Chinese."
    promptZh: String!
    "The question in English."
    promptEn: String!
    "Severity of the finding a failed answer raises."
    severity: Severity!
    "How the item is answered."
    answerType: AnswerType!
    "NUMBER: lowest compliant value."
    min: Float
    "NUMBER: highest compliant value."
    max: Float
    "NUMBER: unit, e.g. °C."
    unit: String
    "CHOICE: the options."
    choices: [ChoiceOption!]!
    "An answer (other than N/A) must carry at least one evidence attachment."
    evidenceRequired: Boolean!
    "Points the item is worth when applicable (TEXT items: 0)."
    weight: Int!
    "Site kinds the item applies to; empty means every kind of the checklist."
    siteKinds: [SiteKind!]!
  }

  """A numbered version of a checklist. Inspections pin the version they used."""
  type ChecklistVersion {
    "Stable id."
    id: ID!
    "The checklist."
    template: ChecklistTemplate!
    "1, 2, 3 … within the checklist."
    number: Int!
    "DRAFT or PUBLISHED."
    status: ChecklistVersionStatus!
    "What changed in this version."
    notes: String
    "When it was published."
    publishedAt: DateTime
    "The questions, in order."
    items: [ChecklistItem!]!
  }

  """A checklist (检查清单) by name; its questions live in versions."""
  type ChecklistTemplate {
    "Stable id."
    id: ID!
    "Unique code, e.g. HOTEL-EPI."
    code: String!
    "Name in Chinese."
    name: String!
    "Name in English."
    nameEn: String!
    "What the checklist is for."
    description: String
    "Site kinds it is meant for."
    siteKinds: [SiteKind!]!
    "Every version, newest first."
    versions: [ChecklistVersion!]!
    "The newest published version (what new inspections should use), if any."
    latestPublishedVersion: ChecklistVersion
    "The open draft, if any."
    draft: ChecklistVersion
  }

  """
  The standard a site kind is held to. Detention facilities are held strictly above every
  other kind: higher pass mark, shorter deadlines, shorter re-inspection interval, evidence
  mandatory (updateStandardProfile refuses changes that would break this).
  """
  type StandardProfile {
    "Stable id."
    id: ID!
    "The site kind."
    siteKind: SiteKind!
    "Score (0-100) an inspection needs to pass."
    passMark: Int!
    "Hours to rectify a CRITICAL finding."
    criticalDeadlineHours: Int!
    "Hours to rectify a MAJOR finding."
    majorDeadlineHours: Int!
    "Hours to rectify a MINOR finding."
    minorDeadlineHours: Int!
    "Days after an inspection that the next one is due, for a site of LOW or MEDIUM risk whose last inspection did not FAIL."
    reinspectionIntervalDays: Int!
    "The interval is multiplied by this for a site of HIGH or CRITICAL risk (0.05 to 1; default 0.5). The detention facility's may not be above another kind's."
    highRiskIntervalFactor: Float!
    "The interval is multiplied by this when the site's last inspection FAILed (0.05 to 1; default 0.5); both factors apply together. The detention facility's may not be above another kind's."
    failIntervalFactor: Float!
    "True: every failed answer and every finding must carry evidence."
    evidenceMandatory: Boolean!
    "Days after a finding is raised that the site may lodge a dispute against it."
    disputeLodgingWindowDays: Int!
    "Days a reviewer has to resolve a dispute."
    disputeResolutionDays: Int!
    "Whether a MAJOR finding's deadline pauses while it is disputed (CRITICAL deadlines never pause)."
    pauseDeadlineDuringDisputeMajor: Boolean!
    "Whether a MINOR finding's deadline pauses while it is disputed (CRITICAL deadlines never pause)."
    pauseDeadlineDuringDisputeMinor: Boolean!
    "Goes up with each change; findings record the version their deadline came from."
    version: Int!
    "When it last changed."
    updatedAt: DateTime!
    "Every version, newest first (ADMIN and COMMAND; others get an empty list)."
    history: [StandardProfileRevision!]!
  }

  """A past (or the current) version of a standard profile."""
  type StandardProfileRevision {
    "The profile version."
    profileVersion: Int!
    "The profile's values in that version."
    values: JSONObject!
    "When the version began."
    createdAt: DateTime!
  }

  "An option of a CHOICE item."
  input ChoiceOptionInput {
    "Value an answer gives."
    value: String!
    "Label in Chinese."
    labelZh: String!
    "Label in English."
    labelEn: String!
    "Choosing it passes the item."
    compliant: Boolean!
  }

  "One question."
  input ChecklistItemInput {
    "Stable code (capital letters, digits, _ . -); keep it across versions."
    code: String!
    "Group heading."
    category: String!
    "Question in Chinese."
    promptZh: String!
    "Question in English."
    promptEn: String!
    "Severity of a failure."
    severity: Severity!
    "How it is answered."
    answerType: AnswerType!
    "NUMBER only: lowest compliant value."
    min: Float
    "NUMBER only: highest compliant value."
    max: Float
    "NUMBER only: unit."
    unit: String
    "CHOICE only: at least two options, one compliant."
    choices: [ChoiceOptionInput!]
    "Answers must carry evidence (default false)."
    evidenceRequired: Boolean
    "Points, 0-100 (default 1; TEXT items are stored with 0)."
    weight: Int
    "Kinds it applies to (default: all the checklist's kinds)."
    siteKinds: [SiteKind!]
  }

  "A new checklist; version 1 is created as a DRAFT."
  input CreateChecklistTemplateInput {
    "Client-generated key: a retry with the same key and input returns the same checklist."
    idempotencyKey: String!
    "Unique code."
    code: String!
    "Name in Chinese."
    name: String!
    "Name in English."
    nameEn: String!
    "What it is for."
    description: String
    "Site kinds it is for."
    siteKinds: [SiteKind!]!
    "The questions of version 1."
    items: [ChecklistItemInput!]!
  }

  "The next version of a checklist, as a DRAFT."
  input DraftChecklistVersionInput {
    "Client-generated key: a retry with the same key and input returns the same draft."
    idempotencyKey: String!
    "The checklist."
    templateId: ID!
    "What changes."
    notes: String
    "The questions; omitted: a copy of the newest version's."
    items: [ChecklistItemInput!]
  }

  "New content for a DRAFT version."
  input UpdateChecklistDraftInput {
    "The draft version."
    versionId: ID!
    "What changes."
    notes: String
    "The questions (replace all of them)."
    items: [ChecklistItemInput!]!
  }

  "A draft to publish."
  input PublishChecklistVersionInput {
    "The draft version."
    versionId: ID!
  }

  "Changes to a standard profile; omitted fields stay as they are."
  input UpdateStandardProfileInput {
    "The site kind."
    siteKind: SiteKind!
    "The version you read (stale: CONFLICT)."
    version: Int!
    "Pass mark 0-100."
    passMark: Int
    "Hours for CRITICAL findings."
    criticalDeadlineHours: Int
    "Hours for MAJOR findings."
    majorDeadlineHours: Int
    "Hours for MINOR findings."
    minorDeadlineHours: Int
    "Days between inspections."
    reinspectionIntervalDays: Int
    "Interval multiplier for HIGH and CRITICAL risk sites, 0.05 to 1."
    highRiskIntervalFactor: Float
    "Interval multiplier after a FAIL, 0.05 to 1."
    failIntervalFactor: Float
    "Evidence mandatory for failures and findings."
    evidenceMandatory: Boolean
    "Days to lodge a dispute."
    disputeLodgingWindowDays: Int
    "Days to resolve a dispute."
    disputeResolutionDays: Int
    "MAJOR deadlines pause during a dispute."
    pauseDeadlineDuringDisputeMajor: Boolean
    "MINOR deadlines pause during a dispute."
    pauseDeadlineDuringDisputeMinor: Boolean
  }

  extend type Query {
    "Every checklist, or those for one site kind."
    checklistTemplates(siteKind: SiteKind): [ChecklistTemplate!]!
    "One checklist version, or null."
    checklistVersion(id: ID!): ChecklistVersion
    "The standard profile of every site kind."
    standardProfiles: [StandardProfile!]!
  }

  extend type Mutation {
    "Create a checklist with version 1 as a draft (ADMIN)."
    createChecklistTemplate(input: CreateChecklistTemplateInput!): ChecklistTemplate!
    "Open the next version of a checklist as a draft (ADMIN); one draft at a time."
    draftChecklistVersion(input: DraftChecklistVersionInput!): ChecklistVersion!
    "Replace a draft's questions (ADMIN); a published version: INVALID_TRANSITION."
    updateChecklistDraft(input: UpdateChecklistDraftInput!): ChecklistVersion!
    "Publish a draft (ADMIN); from then on it never changes."
    publishChecklistVersion(input: PublishChecklistVersionInput!): ChecklistVersion!
    "Change a site kind's standard (ADMIN); applies to findings raised afterwards only."
    updateStandardProfile(input: UpdateStandardProfileInput!): StandardProfile!
  }
`;
