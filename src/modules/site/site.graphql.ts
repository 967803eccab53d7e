/** The fields every site has, in the interface and in each type implementing it (GraphQL wants them repeated). */
export const siteCommonFields = `
    "Stable id."
    id: ID!
    "What kind of site it is; decides the concrete type."
    kind: SiteKind!
    "Name as shown on its sign."
    name: String!
    "Street address."
    address: String!
    "District or township (镇/街道) it lies in."
    district: String!
    "The grid (网格) of grid-based community management, if known."
    grid: String
    "Latitude in degrees (-90 to 90), WGS 84."
    latitude: Float
    "Longitude in degrees (-180 to 180), WGS 84."
    longitude: Float
    "How much risk it carries."
    riskLevel: RiskLevel!
    "In operation or closed."
    status: SiteStatus!
    "Why it was closed; null while ACTIVE."
    closedReason: String
    "The person to contact on site."
    contactName: String
    "Their phone number."
    contactPhone: String
    "The facility managers bound to the site."
    managers: [Account!]!
    "Increases by one on every change; pass it back to updateSite, closeSite and reopenSite."
    version: Int!
    "When it was registered."
    createdAt: DateTime!
    "When it last changed."
    updatedAt: DateTime!
`;

export const siteTypeDefs = /* GraphQL */ `
  """What kind of place a site is (场所类别). Each kind has its own type implementing Site."""
  enum SiteKind {
    "宾馆 a hotel or guesthouse (type Hotel)."
    HOTEL
    "经营场所 a business venue: market, restaurant, internet café, ... (type Venue)."
    VENUE
    "监所 a detention facility; held to a stricter standard than outside (type DetentionFacility)."
    DETENTION_FACILITY
    "隔离点 an isolation site (type IsolationSite)."
    ISOLATION_SITE
    "卡口 a road checkpoint (type Checkpoint where the schema has it, otherwise OtherSite)."
    CHECKPOINT
    "核酸采集点 a sampling point (type SamplingPoint where the schema has it, otherwise OtherSite)."
    SAMPLING_POINT
  }

  """How much risk a site carries; drives how often and how strictly it is checked."""
  enum RiskLevel {
    "Low risk."
    LOW
    "Medium risk (the default)."
    MEDIUM
    "High risk."
    HIGH
    "Critical risk."
    CRITICAL
  }

  """Whether a site is in operation. Changed only by closeSite and reopenSite."""
  enum SiteStatus {
    "In operation: inspected, logged."
    ACTIVE
    "Closed (closedReason says why); reopenSite makes it ACTIVE again."
    CLOSED
  }

  """
  A place that is inspected (场所). A FACILITY_MANAGER sees only the sites it is bound to;
  every other role sees every site.
  """
  interface Site {
${siteCommonFields}  }

  """A hotel or guesthouse (宾馆): guest registration is what inspections check first."""
  type Hotel implements Site {
${siteCommonFields}    "Number of guest rooms."
    roomCount: Int
    "The guest-registration system it uses (e.g. the public-security real-name system)."
    guestRegistrationSystem: String
  }

  """A business venue (经营场所): markets, restaurants, internet cafés, bath houses, ..."""
  type Venue implements Site {
${siteCommonFields}    "What kind of business it is (market, restaurant, ...)."
    venueCategory: String
    "How many people it may hold at once."
    capacity: Int
  }

  """A detention facility (监所): the standard inside must be higher than outside."""
  type DetentionFacility implements Site {
${siteCommonFields}    "What kind of facility (detention centre, custody centre, ...)."
    facilityType: String
    "How many detainees it may hold."
    capacity: Int
    "Its security level, as the facility classifies it."
    securityLevel: String
  }

  """An isolation site (隔离点) for people under quarantine."""
  type IsolationSite implements Site {
${siteCommonFields}    "Number of beds."
    bedCount: Int
    "People isolated there now; never more than bedCount. Its managers may update it."
    currentOccupancy: Int
  }

  """
  A site of a kind that has no type of its own in this schema yet (CHECKPOINT or SAMPLING_POINT
  before their modules define Checkpoint or SamplingPoint): the common fields only.
  """
  type OtherSite implements Site {
${siteCommonFields}  }

  """One site in a page of sites."""
  type SiteEdge {
    "Pass as \`after\` to continue after this site."
    cursor: String!
    "The site."
    node: Site!
  }

  """A page of sites, ordered by name, then id."""
  type SiteConnection {
    "The sites of this page with their cursors."
    edges: [SiteEdge!]!
    "The sites of this page."
    nodes: [Site!]!
    "Where this page stands."
    pageInfo: PageInfo!
    "How many sites match the filter (within what the caller may see), over all pages."
    totalCount: Int!
  }

  """Which sites to list; every condition given must hold. An omitted or empty list means any."""
  input SiteFilter {
    "Only these kinds."
    kinds: [SiteKind!]
    "Only these districts (exact names)."
    districts: [String!]
    "Only these risk levels."
    riskLevels: [RiskLevel!]
    "Only this status."
    status: SiteStatus
    "Text in the name or the address, case-insensitive, any script (e.g. 宾馆)."
    search: String
  }

  """
  A new site: its kind, the common fields, and the fields of that kind only (a field of
  another kind is BAD_USER_INPUT naming that field).
  """
  input CreateSiteInput {
    "A key of your choosing, 1 to 200 characters: retrying with the same key and the same input returns the same site; the same key with other input is CONFLICT."
    idempotencyKey: String!
    "What kind of place it is. SAMPLING_POINT takes the common fields only; CHECKPOINT takes roadType and roadName."
    kind: SiteKind!
    "Name, 1 to 200 characters."
    name: String!
    "Street address, 1 to 500 characters."
    address: String!
    "District or township, 1 to 100 characters."
    district: String!
    "The grid (网格)."
    grid: String
    "Latitude, -90 to 90."
    latitude: Float
    "Longitude, -180 to 180."
    longitude: Float
    "Risk level; MEDIUM when omitted."
    riskLevel: RiskLevel
    "The person to contact on site."
    contactName: String
    "Their phone number."
    contactPhone: String
    "HOTEL: number of rooms, 0 or more."
    roomCount: Int
    "HOTEL: the guest-registration system it uses."
    guestRegistrationSystem: String
    "VENUE: what kind of business."
    venueCategory: String
    "VENUE or DETENTION_FACILITY: how many people it may hold, 0 or more."
    capacity: Int
    "DETENTION_FACILITY: what kind of facility."
    facilityType: String
    "DETENTION_FACILITY: its security level."
    securityLevel: String
    "ISOLATION_SITE: number of beds, 0 or more."
    bedCount: Int
    "ISOLATION_SITE: people isolated now, 0 to bedCount."
    currentOccupancy: Int
  }

  """
  Changes to a site. Only the fields given change; null clears an optional field. The kind
  cannot change, and status changes only through closeSite and reopenSite. ADMIN and COMMAND
  may change every field here; a FACILITY_MANAGER only its own sites, and there only
  contactName, contactPhone and (isolation sites) currentOccupancy: any other field is FORBIDDEN.
  """
  input UpdateSiteInput {
    "The site."
    id: ID!
    "The version you last saw; if the site changed since, the update is CONFLICT and nothing changes."
    version: Int!
    "New name."
    name: String
    "New address."
    address: String
    "New district."
    district: String
    "New grid."
    grid: String
    "New latitude."
    latitude: Float
    "New longitude."
    longitude: Float
    "New risk level."
    riskLevel: RiskLevel
    "New contact person."
    contactName: String
    "New contact phone."
    contactPhone: String
    "HOTEL: rooms."
    roomCount: Int
    "HOTEL: guest-registration system."
    guestRegistrationSystem: String
    "VENUE: category."
    venueCategory: String
    "VENUE or DETENTION_FACILITY: capacity."
    capacity: Int
    "DETENTION_FACILITY: facility type."
    facilityType: String
    "DETENTION_FACILITY: security level."
    securityLevel: String
    "ISOLATION_SITE: beds (not below the current occupancy)."
    bedCount: Int
    "ISOLATION_SITE: people isolated now (not above the beds)."
    currentOccupancy: Int
  }

  """Close an ACTIVE site (ADMIN, COMMAND)."""
  input CloseSiteInput {
    "The site."
    id: ID!
    "The version you last saw."
    version: Int!
    "Why it closes, 1 to 500 characters."
    reason: String!
  }

  """Reopen a CLOSED site (ADMIN, COMMAND)."""
  input ReopenSiteInput {
    "The site."
    id: ID!
    "The version you last saw."
    version: Int!
  }

  """A site and a facility manager."""
  input SiteManagerInput {
    "The site."
    siteId: ID!
    "The account; its role must be FACILITY_MANAGER."
    accountId: ID!
  }

  extend type Account {
    "The sites this account manages, limited to the sites the caller may see."
    managedSites: [Site!]!
  }

  extend type Query {
    "One site. Null when there is no such site or the caller may not see it (the two are indistinguishable)."
    site(id: ID!): Site
    "Sites the caller may see, filtered, ordered by name then id; first is 0 to 500 (default 50)."
    sites(filter: SiteFilter, first: Int, after: String): SiteConnection!
  }

  extend type Mutation {
    "Register a site (ADMIN, COMMAND). Idempotent by input.idempotencyKey."
    createSite(input: CreateSiteInput!): Site!
    "Change a site's fields; see UpdateSiteInput for who may change what. A site the caller may not see is NOT_FOUND."
    updateSite(input: UpdateSiteInput!): Site!
    "Close an ACTIVE site (ADMIN, COMMAND); closing a CLOSED site is INVALID_TRANSITION."
    closeSite(input: CloseSiteInput!): Site!
    "Reopen a CLOSED site (ADMIN, COMMAND); reopening an ACTIVE site is INVALID_TRANSITION."
    reopenSite(input: ReopenSiteInput!): Site!
    "Bind a facility manager to a site (ADMIN); binding twice is CONFLICT."
    bindSiteManager(input: SiteManagerInput!): Site!
    "Unbind a facility manager from a site (ADMIN); NOT_FOUND when it was not bound."
    unbindSiteManager(input: SiteManagerInput!): Site!
  }
`;
