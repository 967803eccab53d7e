import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { Account } from '../account/account.entity';
import { Site } from '../site/site.entity';

/** Content types an attachment may have (photos and PDFs of evidence). */
export const ATTACHMENT_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'application/pdf'] as const;

/**
 * One uploaded file. The bytes live content-addressed on disk (DATA_DIR/attachments/ab/<sha256>),
 * so two rows with the same sha256 share one file; the row records who uploaded it and as what.
 */
@Entity()
@Check('attachment_sha256_check', `sha256 ~ '^[0-9a-f]{64}$'`)
@Check('attachment_size_check', `size >= 0`)
@Check('attachment_content_type_check', `content_type IN ('image/jpeg','image/png','image/webp','image/heic','application/pdf')`)
@Index('attachment_sha256_idx', ['sha256'])
@Index('attachment_uploaded_by_idx', ['uploadedBy'])
export class Attachment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('char', { length: 64 })
  sha256: string;

  @Column('integer')
  size: number;

  @Column('varchar', { length: 64 })
  contentType: string;

  @Column('text', { nullable: true })
  fileName: string | null;

  @Column('uuid')
  uploadedBy: string;

  @ManyToOne(() => Account, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'uploaded_by' })
  uploader?: Account;

  @Column('timestamptz', { default: () => 'now()' })
  uploadedAt: Date;
}

/**
 * Ties an attachment to the record it is evidence for (an inspection answer, a finding, a
 * rectification, a dispute, a disinfection entry). `siteId` is the site of that record: reading
 * the attachment needs the right to see that site.
 */
@Entity()
@Index('attachment_link_entity_idx', ['entityType', 'entityId'])
@Index('attachment_link_site_idx', ['siteId'])
export class AttachmentLink {
  @PrimaryColumn('uuid')
  attachmentId: string;

  @PrimaryColumn('varchar', { length: 64 })
  entityType: string;

  @PrimaryColumn('uuid')
  entityId: string;

  @Column('uuid')
  siteId: string;

  @ManyToOne(() => Attachment, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'attachment_id' })
  attachment?: Attachment;

  @ManyToOne(() => Site, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'site_id' })
  site?: Site;

  @Column('timestamptz', { default: () => 'now()' })
  linkedAt: Date;
}
