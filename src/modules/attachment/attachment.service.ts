import DataLoader from 'dataloader';
import { uuid } from '../../common/validation';
import type { Ctx } from '../../context';
import { authorize, requireActor } from '../../common/authorize';
import { attachmentReadSql } from '../../common/access';
import { AppError } from '../../common/errors';
import { groupByKey, loader } from '../../common/loaders';
import { assertInTransaction, inTransaction } from '../../common/transaction';
import { recordAudit, recordAudits, type AuditInput } from '../audit/audit.service';
import { idempotent } from '../idempotency/idempotency.service';
import type { Attachment } from './attachment.entity';
import type { TempBlob } from './blob-store';

/*
 * Evidence files: what other modules call. Use from inside a mutation's transaction:
 *   await assertAttachmentsUsable(tx, input.evidenceIds, 'input.evidenceIds');
 *   await linkAttachments(tx, input.evidenceIds, { entityType: 'Finding', entityId: finding.id, siteId });
 * and resolve a record's files with attachmentsByEntity(ctx).load(`Finding:${finding.id}`).
 */

/** Columns of `attachment` as the entity's camelCase properties (for raw SQL). */
const COLUMNS = `a.id, a.sha256, a.size, a.content_type AS "contentType", a.file_name AS "fileName", a.uploaded_by AS "uploadedBy", a.uploaded_at AS "uploadedAt"`;

export { blobPath, tmpDir } from './blob-store';

export interface StoredFile {
  /** The fully stored temporary blob (ctx.services.blobs). */
  temp: TempBlob;
  sha256: string;
  size: number;
  contentType: string;
  fileName: string | null;
  idempotencyKey?: string | null;
}

/**
 * Moves a received file into its content-addressed place (ctx.services.blobs: a directory or a bucket) (once per distinct content) and writes
 * its row and audit event in one transaction. The same Idempotency-Key with the same bytes returns
 * the attachment made the first time.
 */
export async function saveUpload(ctx: Ctx, file: StoredFile): Promise<Attachment> {
  authorize(ctx, 'attachment:upload');
  await ctx.services.blobs.commit(file.temp, file.sha256, file.contentType);
  const id = await inTransaction(ctx, async (tx) => {
    const create = async () => {
      const [row] = await tx.em.query(
        `INSERT INTO attachment (sha256, size, content_type, file_name, uploaded_by, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [file.sha256, file.size, file.contentType, file.fileName, tx.actor!.id, tx.now()],
      );
      await recordAudit(tx, { action: 'attachment.upload', entityType: 'Attachment', entityId: row.id, after: { sha256: file.sha256, size: file.size, contentType: file.contentType, fileName: file.fileName } });
      return row.id as string;
    };
    if (!file.idempotencyKey) return create();
    const input = { sha256: file.sha256, size: file.size, contentType: file.contentType, fileName: file.fileName };
    return (await idempotent(tx, 'uploadAttachment', file.idempotencyKey, input, create)).resultId;
  });
  const [row] = await ctx.em.query(`SELECT ${COLUMNS} FROM attachment a WHERE a.id = $1`, [id]);
  return row;
}

/**
 * The attachments with these ids that the actor may read, in one statement: its own uploads, or
 * files linked to a record the actor may read by that record's own rule (access.ts,
 * attachmentReadSql: staff, who may not read findings, do not read a finding's photo; a manager
 * of another site reads nothing of this one; inspectors read disinfection evidence only of sites
 * they inspect).
 */
async function visibleAttachments(ctx: Ctx, ids: string[]): Promise<Map<string, Attachment>> {
  const actor = requireActor(ctx);
  const readable = attachmentReadSql(actor, 2);
  const rows: Attachment[] = await ctx.em.query(`SELECT ${COLUMNS} FROM attachment a WHERE a.id = ANY($1::uuid[]) AND ${readable.sql}`, [ids, ...readable.params]);
  return new Map(rows.map((r) => [r.id, r]));
}

/** One attachment the actor may read, or null (missing and not allowed look the same). */
export async function findAttachment(ctx: Ctx, id: string): Promise<Attachment | null> {
  requireActor(ctx);
  if (!uuid.safeParse(id).success) return null;
  return (await visibleAttachments(ctx, [id])).get(id) ?? null;
}

/**
 * For mutations that reference evidence: every id must exist and be the actor's own upload or
 * visible to it. Otherwise BAD_USER_INPUT naming `field` (the index is in `details.index`).
 */
export async function assertAttachmentsUsable(ctx: Ctx, ids: string[], field: string): Promise<void> {
  requireActor(ctx);
  if (!ids.length) return;
  ids.forEach((id, index) => {
    if (!uuid.safeParse(id).success) throw new AppError('BAD_USER_INPUT', `${field}[${index}] is not an attachment id`, { field, index });
  });
  const visible = await visibleAttachments(ctx, [...new Set(ids)]);
  ids.forEach((id, index) => {
    if (!visible.has(id)) throw new AppError('BAD_USER_INPUT', `attachment ${id} (${field}[${index}]) does not exist or is not yours to use; upload it first with POST /attachments`, { field, index });
  });
}

export interface LinkTarget {
  /** The GraphQL type of the record, e.g. 'Finding', 'Rectification', 'DisinfectionEntry'. */
  entityType: string;
  entityId: string;
  /** The record's site: who may see that site may read the files. */
  siteId: string;
}

/** Evidence to link to one record: what `linkAttachments` takes, for many records at once. */
export interface EvidenceLink extends LinkTarget {
  attachmentIds: string[];
}

/** The audit event linking writes for a link, or none when it links nothing. */
export const linkAudits = (l: EvidenceLink): AuditInput[] =>
  l.attachmentIds.length ? [{ action: 'attachment.link', entityType: l.entityType, entityId: l.entityId, after: { attachmentIds: l.attachmentIds, siteId: l.siteId } }] : [];

/**
 * Links evidence (already checked with assertAttachmentsUsable) to several records in one
 * statement. The caller records `linkAudits` (with its other audit events, in one insert).
 */
export async function insertEvidenceLinks(tx: Ctx, links: EvidenceLink[]): Promise<void> {
  assertInTransaction(tx);
  const rows = links.flatMap((l) => l.attachmentIds.map((a) => [a, l.entityType, l.entityId, l.siteId] as const));
  if (!rows.length) return;
  await tx.em.query(
    `INSERT INTO attachment_link (attachment_id, entity_type, entity_id, site_id, linked_at)
     SELECT t.attachment_id, t.entity_type, t.entity_id, t.site_id, $5 FROM unnest($1::uuid[], $2::varchar[], $3::uuid[], $4::uuid[]) AS t(attachment_id, entity_type, entity_id, site_id)
     ON CONFLICT DO NOTHING`,
    [rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2]), rows.map((r) => r[3]), tx.now()],
  );
}

/** Links attachments to a record, inside the caller's transaction (after assertAttachmentsUsable). */
export async function linkAttachments(ctx: Ctx, ids: string[], target: LinkTarget): Promise<void> {
  const link: EvidenceLink = { ...target, attachmentIds: [...new Set(ids)] };
  await insertEvidenceLinks(ctx, [link]);
  await recordAudits(ctx, linkAudits(link));
}

/**
 * A record's attachments, keyed `${entityType}:${entityId}`, oldest first. The caller has already
 * decided the actor may read the record, so no further check here.
 */
export const attachmentsByEntity = loader(
  (ctx) =>
    new DataLoader<string, Attachment[]>(async (keys) => {
      const pairs = keys.map((k) => {
        const i = k.indexOf(':');
        return [k.slice(0, i), k.slice(i + 1)] as const;
      });
      const valid = pairs.filter(([, id]) => uuid.safeParse(id).success);
      const rows: (Attachment & { key: string })[] = valid.length
        ? await ctx.em.query(
            `SELECT ${COLUMNS}, l.entity_type || ':' || l.entity_id AS key
             FROM attachment_link l
             JOIN unnest($1::text[], $2::uuid[]) k(entity_type, entity_id) ON k.entity_type = l.entity_type AND k.entity_id = l.entity_id
             JOIN attachment a ON a.id = l.attachment_id
             ORDER BY a.uploaded_at, a.id`,
            [valid.map((p) => p[0]), valid.map((p) => p[1])],
          )
        : [];
      return groupByKey(keys, rows, (r) => r.key).map((list) => list.map(({ key: _k, ...a }) => a as Attachment));
    }),
);
