export const supplyTypeDefs = /* GraphQL */ `
  """What kind of supply an item is (防疫物资)."""
  enum SupplyKind {
    "口罩 masks."
    MASK
    "防护面罩 face shields."
    FACE_SHIELD
    "防护手套 protective gloves, counted in pairs."
    GLOVES
    "防护服 protective suits."
    PROTECTIVE_SUIT
    "测温仪 thermometers."
    THERMOMETER
    "消毒酒精 disinfectant alcohol, counted in litres."
    DISINFECTANT_ALCOHOL
    "食品 food (e.g. 方便面 instant noodles, counted in 件 cases)."
    FOOD
    "活动办公板房 prefab offices (e.g. at checkpoints)."
    PREFAB_OFFICE
    "Anything else."
    OTHER
  }

  """The unit an item is counted in; stock and quantities are whole units."""
  enum SupplyUnit {
    "只/个/件 single pieces."
    PIECE
    "双 pairs."
    PAIR
    "升 litres."
    LITRE
    "箱/件 cases."
    CASE
  }

  """A supply item held in the central store, with its stock and deliveries to sites."""
  type SupplyItem {
    "Stable code, e.g. MASK, INSTANT_NOODLES."
    code: String!
    "Name, Chinese and English."
    name: String!
    "What kind of supply."
    kind: SupplyKind!
    "What a unit is."
    unit: SupplyUnit!
    "The unit as written after the number in Chinese (只, 个, 双, 件, 升, 间 …): 5000只口罩."
    unitZh: String!
    "The unit in English, singular (pair, litre, case); null where the item is counted as itself (masks)."
    unitEn: String
    "The English unit's plural (pairs, litres, cases); null with unitEn."
    unitEnPlural: String
    "Units in the central store now; never negative."
    stock: Int!
    "Units delivered to the sites the list covers (the site filter, and for a facility manager its own sites)."
    deliveredQuantity: Int!
    "The latest deliveries to those sites, newest first; last is 1 to 200 (default 20)."
    deliveries(last: Int = 20): [SupplyDelivery!]!
  }

  """Stock that came into the central store."""
  type SupplyReceipt {
    "Stable id."
    id: ID!
    "The item."
    item: SupplyItem!
    "Units received."
    quantity: Int!
    "Where it came from (purchase order, donor, ...)."
    source: String!
    "Who recorded it."
    recordedBy: Account!
    "When it was recorded."
    createdAt: DateTime!
  }

  """Stock delivered from the central store to a site (送至一线)."""
  type SupplyDelivery {
    "Stable id."
    id: ID!
    "The item."
    item: SupplyItem!
    "The site it went to."
    site: Site!
    "Units delivered."
    quantity: Int!
    "When it was handed over."
    deliveredAt: DateTime!
    "Notes."
    notes: String
    "Who recorded it."
    recordedBy: Account!
    "When it was recorded."
    createdAt: DateTime!
  }

  """Which deliveries the supply list covers."""
  input SuppliesFilter {
    "Only deliveries to this site (a facility manager: one of its own)."
    siteId: ID
  }

  """Stock into the central store (ADMIN, COMMAND)."""
  input ReceiveSuppliesInput {
    "A key of your choosing: retrying with the same key and input returns the same receipt."
    idempotencyKey: String!
    "The item code, e.g. MASK."
    itemCode: String!
    "Units received, at least 1."
    quantity: Int!
    "Where it came from, 1 to 200 characters."
    source: String!
  }

  """Stock from the central store to a site (ADMIN, COMMAND)."""
  input RecordSupplyDeliveryInput {
    "A key of your choosing: retrying with the same key and input returns the same delivery."
    idempotencyKey: String!
    "The item code."
    itemCode: String!
    "The site it goes to."
    siteId: ID!
    "Units, at least 1 and no more than the stock (else BAD_USER_INPUT on input.quantity)."
    quantity: Int!
    "When it was handed over; not in the future."
    deliveredAt: DateTime!
    "Notes, up to 1000 characters."
    notes: String
  }

  extend type Query {
    "Every supply item with its stock, and deliveries limited to the filter and the caller's sites."
    supplies(filter: SuppliesFilter): [SupplyItem!]!
  }

  extend type Mutation {
    "Add stock to the central store (ADMIN, COMMAND)."
    receiveSupplies(input: ReceiveSuppliesInput!): SupplyReceipt!
    "Deliver stock to a site (ADMIN, COMMAND); stock never goes negative."
    recordSupplyDelivery(input: RecordSupplyDeliveryInput!): SupplyDelivery!
  }
`;
