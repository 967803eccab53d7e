export const attachmentTypeDefs = /* GraphQL */ `
  """An uploaded evidence file (photo or PDF). Upload with POST /attachments; download from \`url\`."""
  type Attachment {
    "Stable id; pass it in evidenceIds of inspections, findings, rectifications, disputes and disinfection entries."
    id: ID!
    "SHA-256 of the bytes, lower-case hex; also the download's ETag."
    sha256: String!
    "Size in bytes."
    size: Int!
    "MIME type: image/jpeg, image/png, image/webp, image/heic or application/pdf."
    contentType: String!
    "The file name given at upload, if any."
    fileName: String
    "When it was uploaded."
    uploadedAt: DateTime!
    "Who uploaded it."
    uploadedBy: Account
    "Path to GET the file with the same Authorization header (e.g. /attachments/<id>)."
    url: String!
  }

  extend type Query {
    "One attachment, or null when it does not exist or you may not read it (its uploader, or whoever may read a record it is attached to: an inspection, finding, rectification, dispute or disinfection entry)."
    attachment(id: ID!): Attachment
  }
`;
