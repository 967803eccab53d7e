export const noticeTypeDefs = /* GraphQL */ `
  """
  The rectification notice (整改通知书) of an inspection with findings: the findings, their
  deadlines and how to answer, produced from stored data as a printable page (Chinese with
  English) at \`url\` (GET, with the same Authorization header; for the site's manager, the
  inspection's team and the command centre).
  """
  type RectificationNotice {
    "The page's path on the hub: /inspections/{id}/rectification-notice."
    url: String!
    "When it was issued: the inspection's submission."
    issuedAt: DateTime!
    "The findings it lists."
    findings: Int!
    "The earliest deadline among them."
    firstDeadline: DateTime!
    "When the site acknowledged it; null until then."
    acknowledgedAt: DateTime
    "Who acknowledged it (the site's facility manager)."
    acknowledgedBy: Account
  }

  extend type Inspection {
    "Its rectification notice; null unless submitted with at least one finding, and null for anyone it is not for (only the site's facility manager, the inspection's team and the command centre, reviewers and admins see it, as they open the page)."
    rectificationNotice: RectificationNotice
  }

  extend type Mutation {
    "The site's facility manager acknowledges the inspection's rectification notice (once: asked again, the first acknowledgment stands). Audited. Another site's manager, or an inspection without a notice: NOT_FOUND."
    acknowledgeRectificationNotice(inspectionId: ID!): Inspection!
  }
`;
