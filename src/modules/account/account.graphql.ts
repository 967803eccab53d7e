export const accountTypeDefs = /* GraphQL */ `
  """What an account may do; see the README's roles table."""
  enum Role {
    "Accounts, agencies, teams, checklist templates, standard profiles."
    ADMIN
    "The 24-hour command centre (指挥中心): sees everything, schedules inspections, reads reports."
    COMMAND
    "A joint-team member: files inspections for its teams, raises findings, verifies rectifications."
    INSPECTOR
    "Manages its own sites only: disinfection logs, rectifications, disputes; registers its sites' staff."
    FACILITY_MANAGER
    "Staff of one site, registered by its manager: sees that site and keeps its disinfection log, nothing else."
    FACILITY_STAFF
    "The supervision office (监察室): resolves disputes, reads the audit trail."
    REVIEWER
  }

  """The kind of public body an agency is."""
  enum AgencyKind {
    "公安 public security"
    POLICE
    "市场监管 market regulation"
    MARKET_REGULATION
    "卫健 health"
    HEALTH
    "交通 transport"
    TRANSPORT
    "镇 township"
    TOWNSHIP
    "Any other body."
    OTHER
  }

  """A public body (单位/部门) that sends members to joint inspection teams."""
  type Agency {
    "Stable id."
    id: ID!
    "Short unique code, e.g. FX-PSB."
    code: String!
    "Name as the agency writes it."
    name: String!
    "What kind of body it is."
    kind: AgencyKind!
  }

  """A person who signs in to the hub."""
  type Account {
    "Stable id."
    id: ID!
    "Sign-in name, lower case."
    username: String!
    "Name shown to people."
    displayName: String!
    "What the account may do."
    role: Role!
    "The agency the person works for, if any."
    agency: Agency
    "False when an admin has switched the account off: it can no longer sign in."
    active: Boolean!
    "Joint inspection teams the account belongs to."
    teams: [InspectionTeam!]!
    "When the account was created."
    createdAt: DateTime!
  }

  """What a team is for."""
  enum TeamKind {
    "联合检查组 a (joint) inspection team: files inspections."
    INSPECTION
    "党员突击队 a Party-member commando team, formed at a checkpoint or for an operation."
    COMMANDO
  }

  """A team: a joint inspection team (联合检查组) with members from one or more agencies, or a commando team (党员突击队); one leader."""
  type InspectionTeam {
    "Stable id."
    id: ID!
    "Team name."
    name: String!
    "INSPECTION (联合检查组) or COMMANDO (党员突击队)."
    kind: TeamKind!
    "The member who leads the team."
    leader: Account!
    "Every member, the leader included."
    members: [TeamMember!]!
    "The distinct agencies the members come from (more than one makes it a joint team)."
    agencies: [Agency!]!
    "False when the team is stood down."
    active: Boolean!
  }

  """One member of a team."""
  type TeamMember {
    "The member's account."
    account: Account!
    "True for the team leader."
    isLeader: Boolean!
    "When the member joined."
    joinedAt: DateTime!
  }

  """What login returns."""
  type LoginPayload {
    "Send as Authorization: Bearer <token> on every request."
    token: String!
    "When the token stops working."
    expiresAt: DateTime!
    "The account signed in."
    account: Account!
  }

  "Username and password."
  input LoginInput {
    "Sign-in name (case-insensitive)."
    username: String!
    "Password."
    password: String!
  }

  "A new agency."
  input CreateAgencyInput {
    "Unique code: capital letters, digits, _ or -."
    code: String!
    "Name."
    name: String!
    "Kind of body."
    kind: AgencyKind!
  }

  "A new account."
  input CreateAccountInput {
    "3 to 64 characters: letters, digits, _ . -; stored lower case."
    username: String!
    "Name shown to people."
    displayName: String!
    "At least 8 characters; stored only as an argon2id hash."
    password: String!
    "What the account may do (not FACILITY_STAFF: staff are registered with registerSiteStaff)."
    role: Role!
    "The agency the person works for."
    agencyId: ID
  }

  "A staff member for a site, registered by its facility manager."
  input RegisterSiteStaffInput {
    "The site the staff member works at (one you manage; ADMIN: any)."
    siteId: ID!
    "3 to 64 characters: letters, digits, _ . -; stored lower case."
    username: String!
    "Name shown to people; also the default operatorName of the disinfection entries it records."
    displayName: String!
    "At least 8 characters; stored only as an argon2id hash."
    password: String!
  }

  "A staff member of a site you manage."
  input SiteStaffInput {
    "The staff member's account."
    accountId: ID!
  }

  "Switch an account on or off."
  input SetAccountActiveInput {
    "The account."
    accountId: ID!
    "False: it can no longer sign in, and its tokens stop working."
    active: Boolean!
  }

  "A new joint inspection team."
  input CreateInspectionTeamInput {
    "Unique name."
    name: String!
    "INSPECTION (default) or COMMANDO (党员突击队)."
    kind: TeamKind
    "The leader (an inspector); becomes a member too."
    leaderId: ID!
    "The other members (inspectors)."
    memberIds: [ID!]
  }

  "A team and an account."
  input TeamMemberInput {
    "The team."
    teamId: ID!
    "The account (an inspector)."
    accountId: ID!
  }

  extend type Query {
    "The signed-in account, or null without a token."
    me: Account
    "Every account, optionally of one role (ADMIN, COMMAND, REVIEWER)."
    accounts(role: Role): [Account!]!
    "Every agency."
    agencies: [Agency!]!
    "Every joint inspection team."
    inspectionTeams: [InspectionTeam!]!
    "One team, or null."
    inspectionTeam(id: ID!): InspectionTeam
    "The staff registered for a site, active or not, by username: its FACILITY_MANAGER (own sites only, else NOT_FOUND), ADMIN, COMMAND, REVIEWER."
    siteStaff(siteId: ID!): [Account!]!
  }

  """Writes. Each mutation is one transaction, written together with its audit event."""
  type Mutation {
    "Sign in. Failed attempts are throttled per account and per address; the error never says whether the username exists."
    login(input: LoginInput!): LoginPayload!
    "Create an agency (ADMIN)."
    createAgency(input: CreateAgencyInput!): Agency!
    "Create an account (ADMIN)."
    createAccount(input: CreateAccountInput!): Account!
    "Switch an account on or off (ADMIN)."
    setAccountActive(input: SetAccountActiveInput!): Account!
    "Create a joint inspection team (ADMIN)."
    createInspectionTeam(input: CreateInspectionTeamInput!): InspectionTeam!
    "Add an inspector to a team (ADMIN)."
    addTeamMember(input: TeamMemberInput!): InspectionTeam!
    "Remove a member from a team (ADMIN); the leader cannot be removed."
    removeTeamMember(input: TeamMemberInput!): InspectionTeam!
    "Register a staff member for a site (its FACILITY_MANAGER, or ADMIN): a FACILITY_STAFF account bound to the site, which may see the site and record its disinfection entries, nothing else. A taken username is CONFLICT; a site you do not manage is NOT_FOUND."
    registerSiteStaff(input: RegisterSiteStaffInput!): Account!
    "Switch a staff member off (a manager of its site, or ADMIN): it can no longer sign in and its tokens stop working. Its entries stay. Already off: no change."
    deactivateSiteStaff(input: SiteStaffInput!): Account!
    "Switch a staff member on again (a manager of its site, or ADMIN). Already on: no change."
    reactivateSiteStaff(input: SiteStaffInput!): Account!
  }
`;
