import { siteCommonFields } from '../site/site.graphql';
export const checkpointTypeDefs = /* GraphQL */ `
  """Which road a checkpoint (卡口) stands on."""
  enum RoadType {
    "高速公路出口 a highway exit."
    HIGHWAY_EXIT
    "国道 a national road."
    NATIONAL_ROAD
    "省道 a provincial road."
    PROVINCIAL_ROAD
  }

  extend input CreateSiteInput {
    "CHECKPOINT: which road it stands on (HIGHWAY_EXIT, NATIONAL_ROAD, PROVINCIAL_ROAD); on any other kind BAD_USER_INPUT."
    roadType: RoadType
    "CHECKPOINT: the road, e.g. G85 or G316 (up to 200 characters)."
    roadName: String
  }

  extend input UpdateSiteInput {
    "CHECKPOINT: new road type; null clears it. On any other kind BAD_USER_INPUT."
    roadType: RoadType
    "CHECKPOINT: new road name; null clears it."
    roadName: String
  }

  """A checkpoint shift. Two twelve-hour shifts a day; a night shift belongs to the date it started on."""
  enum Shift {
    "白班 the day shift."
    DAY
    "夜班 the night shift (starts on shiftDate, ends the next morning)."
    NIGHT
  }

  """
  A road checkpoint (卡口): a highway exit or a national/provincial road, where every vehicle is
  checked and every person screened ("逢车必查、逢人必测"). Each shift files a tally.
  """
  type Checkpoint implements Site {
${siteCommonFields}    "Highway exit, national or provincial road; null when not recorded."
    roadType: RoadType
    "The road, e.g. G85 or G316."
    roadName: String
    "Effective tallies (corrections applied) of shifts from..to (YYYY-MM-DD, inclusive, both optional), newest first."
    tallies(from: String, to: String): [CheckpointTally!]!
  }

  """One officer on duty during a shift."""
  type OfficerOnDuty {
    "The officer's account, when one was named."
    account: Account
    "The officer's name: as filed, or the account's display name."
    name: String!
    "True for a leader (科级领导) on duty; a shift needs at least two."
    isLeader: Boolean!
  }

  """
  What one checkpoint shift counted (卡口登记). Never changed once filed: a correction is a new
  tally that supersedes it, and reads show the effective one.
  """
  type CheckpointTally {
    "Stable id."
    id: ID!
    "The checkpoint."
    checkpoint: Checkpoint!
    "The date the shift started, YYYY-MM-DD."
    shiftDate: String!
    "Day or night shift."
    shift: Shift!
    "检查车辆 vehicles checked."
    vehiclesChecked: Int!
    "排查人员 persons screened."
    personsScreened: Int!
    "劝返车辆 vehicles turned back; never more than vehiclesChecked."
    vehiclesTurnedBack: Int!
    "劝返人员 persons turned back; never more than personsScreened."
    personsTurnedBack: Int!
    "查验核酸证明 test certificates verified."
    certificatesVerified: Int!
    "现场采集核酸 samples taken on site."
    samplesTaken: Int!
    "Who was on duty."
    officersOnDuty: [OfficerOnDuty!]!
    "How many of them were leaders."
    leadersOnDuty: Int!
    "Free notes."
    notes: String
    "Problems for the command centre (e.g. fewer than two leaders on duty); the tally stands regardless."
    warnings: [String!]!
    "The tally this one corrects, if it is a correction."
    corrects: CheckpointTally
    "Why the correction was made."
    correctionReason: String
    "The correction that replaced this tally; null while it is the effective one."
    supersededBy: CheckpointTally
    "True while no correction has replaced it."
    effective: Boolean!
    "Who filed it."
    filedBy: Account!
    "When it was filed."
    createdAt: DateTime!
  }

  """One tally in a page."""
  type CheckpointTallyEdge {
    "Pass as \`after\` to continue after this tally."
    cursor: String!
    "The tally."
    node: CheckpointTally!
  }

  """Sums over the effective tallies matching the filter (all pages)."""
  type CheckpointTallyTotals {
    "Number of effective tallies."
    tallies: Int!
    "How many of them carry warnings."
    withWarnings: Int!
    "检查车辆 vehicles checked."
    vehiclesChecked: Int!
    "排查人员 persons screened."
    personsScreened: Int!
    "劝返车辆 vehicles turned back."
    vehiclesTurnedBack: Int!
    "劝返人员 persons turned back."
    personsTurnedBack: Int!
    "查验核酸证明 certificates verified."
    certificatesVerified: Int!
    "现场采集核酸 samples taken."
    samplesTaken: Int!
  }

  """A page of tallies, newest shift first."""
  type CheckpointTallyConnection {
    "The tallies of this page with cursors."
    edges: [CheckpointTallyEdge!]!
    "The tallies of this page."
    nodes: [CheckpointTally!]!
    "Where this page stands."
    pageInfo: PageInfo!
    "How many tallies match, over all pages."
    totalCount: Int!
    "The six figures summed over every effective tally that matches (computed in SQL)."
    totals: CheckpointTallyTotals!
  }

  """Which tallies to list; every condition given must hold."""
  input CheckpointTallyFilter {
    "Only these checkpoints."
    checkpointIds: [ID!]
    "Shifts on or after this date, YYYY-MM-DD."
    from: String
    "Shifts on or before this date, YYYY-MM-DD."
    to: String
    "Only tallies with warnings (what the command centre follows up)."
    withWarningsOnly: Boolean
    "Also list superseded tallies (the totals never include them)."
    includeSuperseded: Boolean
  }

  """One officer on duty: an account or a name, and whether a leader."""
  input OfficerOnDutyInput {
    "The officer's account, if they have one."
    accountId: ID
    "The officer's name (required without accountId)."
    name: String
    "True for a leader on duty."
    isLeader: Boolean!
  }

  """The tally of one checkpoint shift, or a correction of one."""
  input FileCheckpointTallyInput {
    "A key of your choosing, 1 to 200 characters: retrying with the same key and input returns the same tally."
    idempotencyKey: String!
    "The checkpoint (a site of kind CHECKPOINT)."
    checkpointId: ID!
    "The date the shift started, YYYY-MM-DD."
    shiftDate: String!
    "Day or night shift."
    shift: Shift!
    "Vehicles checked, 0 or more."
    vehiclesChecked: Int!
    "Persons screened, 0 or more."
    personsScreened: Int!
    "Vehicles turned back, 0 to vehiclesChecked."
    vehiclesTurnedBack: Int!
    "Persons turned back, 0 to personsScreened."
    personsTurnedBack: Int!
    "Certificates verified, 0 or more."
    certificatesVerified: Int!
    "Samples taken, 0 or more."
    samplesTaken: Int!
    "Who was on duty; fewer than two leaders is accepted with a warning."
    officersOnDuty: [OfficerOnDutyInput!]
    "Free notes, up to 2000 characters."
    notes: String
    "The effective tally of the same checkpoint and shift that this one corrects."
    correctsId: ID
    "Why it is corrected; required with correctsId."
    correctionReason: String
  }

  extend type Query {
    "Checkpoint tallies the caller may see (a facility manager: its own sites), with totals; first is 0 to 500 (default 50)."
    checkpointTallies(filter: CheckpointTallyFilter, first: Int, after: String): CheckpointTallyConnection!
  }

  extend type Mutation {
    "File a checkpoint shift tally (INSPECTOR, COMMAND). The same filing again returns the same tally; a different one for a filed shift is CONFLICT unless it is a correction."
    fileCheckpointTally(input: FileCheckpointTallyInput!): CheckpointTally!
  }
`;
