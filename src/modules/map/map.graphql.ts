export const mapTypeDefs = /* GraphQL */ `
  """The tile server the console's map of sites draws on (MAP_TILE_URL, MAP_ATTRIBUTION)."""
  type MapSettings {
    "The tile URL template, with {z}, {x} and {y} (and optionally {s})."
    tileUrl: String!
    "The attribution the tile server asks for (may be empty)."
    attribution: String!
  }

  extend type Query {
    "The tile server for the console's map of sites (any signed-in account), or null when none is configured: then the console shows no map and contacts nothing but the hub."
    mapSettings: MapSettings
  }
`;
