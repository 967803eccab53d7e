const field = /* GraphQL */ `
    "The newest inspections of the site (by creation, newest first), at most first (0 to 100, default 10). A FACILITY_MANAGER sees those of its own sites only."
    inspections(first: Int = 10): [Inspection!]!
`;

/** Site.inspections on the interface and on every type implementing it. */
export const siteInspectionsTypeDefs = /* GraphQL */ `
  extend interface Site {${field}}
  extend type Hotel {${field}}
  extend type Venue {${field}}
  extend type DetentionFacility {${field}}
  extend type IsolationSite {${field}}
  extend type OtherSite {${field}}
  extend type Checkpoint {${field}}
`;

/** The types implementing Site that this module extends (the resolvers map uses the same list). */
export const SITE_TYPES = ['Hotel', 'Venue', 'DetentionFacility', 'IsolationSite', 'OtherSite', 'Checkpoint'] as const;
