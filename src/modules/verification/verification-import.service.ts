import { randomUUID } from 'node:crypto';
import type { Ctx } from '../../context';
import { authorize } from '../../common/authorize';
import { AppError } from '../../common/errors';
import { inTransaction } from '../../common/transaction';
import { recordAudit } from '../audit/audit.service';
import { recordHubEvent } from '../../common/outbox';
import { idempotent } from '../idempotency/idempotency.service';
import { createMany } from '../../common/state-machine';
import { VerificationBatch, VerificationRecord, type VerificationStatus } from './verification.entity';
import { VERIFICATION_MACHINE } from './verification.state';
import { importEnvelope, parse, recordRow, type RecordRow } from './verification.input';

export interface BadRow {
  row: number;
  field: string;
  message: string;
}

export interface ImportOptions {
  source: 'GRAPHQL' | 'CSV';
  /** Field path of the records for error messages: `input.records` (GraphQL) or `rows` (CSV). */
  fieldPrefix: string;
  /** Number of the first record: 0 for GraphQL list indexes, 1 for CSV rows after the header. */
  firstRow: number;
}

/** A receipt time may run a little ahead of the hub's clock (the sender's clock drifts), not more. */
const RECEIVED_SKEW_MS = 5 * 60_000;

/**
 * Imports a batch of 区域协查 records, all or nothing: every bad row is reported by its number
 * and nothing is written. Records whose externalRef was already imported are skipped and
 * reported. The records go in with one INSERT, however many there are.
 */
export async function importVerificationRecords(ctx: Ctx, raw: unknown, opts: ImportOptions = { source: 'GRAPHQL', fieldPrefix: 'input.records', firstRow: 0 }): Promise<VerificationBatch> {
  authorize(ctx, 'verification:import');
  const { idempotencyKey, ...envelope } = parse(importEnvelope, raw, opts.fieldPrefix.startsWith('input') ? 'input' : '');
  const rowNo = (i: number) => i + opts.firstRow;
  const bad: BadRow[] = [];
  const rows: (RecordRow & { row: number })[] = [];
  const firstSeen = new Map<string, number>();
  envelope.records.forEach((r, i) => {
    const p = recordRow.safeParse(r ?? {});
    if (!p.success) {
      for (const issue of p.error.issues) bad.push({ row: rowNo(i), field: `${opts.fieldPrefix}.${rowNo(i)}.${issue.path.join('.')}`, message: issue.message });
      return;
    }
    if (p.data.receivedAt && p.data.receivedAt.getTime() > ctx.now().getTime() + RECEIVED_SKEW_MS) {
      bad.push({ row: rowNo(i), field: `${opts.fieldPrefix}.${rowNo(i)}.receivedAt`, message: 'is in the future' });
      return;
    }
    const seen = firstSeen.get(p.data.externalRef);
    if (seen !== undefined) {
      bad.push({ row: rowNo(i), field: `${opts.fieldPrefix}.${rowNo(i)}.externalRef`, message: `repeats row ${seen} of this batch` });
      return;
    }
    firstSeen.set(p.data.externalRef, rowNo(i));
    rows.push({ ...p.data, row: rowNo(i) });
  });

  return inTransaction(ctx, async (tx) => {
    const { resultId } = await idempotent(tx, 'importVerificationRecords', idempotencyKey, envelope, async () => {
      const units = await unitIds(tx, rows);
      for (const r of rows) {
        if (r.routedUnit && !units.has(r.routedUnit)) bad.push({ row: r.row, field: `${opts.fieldPrefix}.${r.row}.routedUnit`, message: `no unit (agency) with code ${r.routedUnit}` });
      }
      if (bad.length) throw badRows(bad);
      return insertBatch(tx, envelope.batchRef, rows, units, opts.source);
    });
    return tx.em.findOneByOrFail(VerificationBatch, { id: resultId });
  });
}

function badRows(bad: BadRow[]): AppError {
  bad.sort((a, b) => a.row - b.row);
  const rowsWithErrors = [...new Set(bad.map((b) => b.row))];
  return new AppError('BAD_USER_INPUT', `${rowsWithErrors.length} record(s) are invalid, nothing was imported; first: ${bad[0].field}: ${bad[0].message}`, {
    field: bad[0].field,
    badRows: bad,
  });
}

/** Agency ids by code, for the codes the rows name (one statement). */
async function unitIds(tx: Ctx, rows: RecordRow[]): Promise<Map<string, string>> {
  const codes = [...new Set(rows.map((r) => r.routedUnit).filter((c): c is string => !!c))];
  if (!codes.length) return new Map();
  const found: { id: string; code: string }[] = await tx.em.query(`SELECT id, code FROM agency WHERE code = ANY($1::text[])`, [codes]);
  return new Map(found.map((a) => [a.code, a.id]));
}

async function insertBatch(tx: Ctx, batchRef: string, rows: (RecordRow & { row: number })[], units: Map<string, string>, source: 'GRAPHQL' | 'CSV'): Promise<string> {
  const batchId = randomUUID();
  await tx.em.query(`INSERT INTO verification_batch (id, batch_ref, source, received, needing_verification, imported_by_id) VALUES ($1, $2, $3, 0, 0, $4)`, [batchId, batchRef, source, tx.actor!.id]);
  // One statement for the whole batch (unnest of one array per column). A record that needs
  // verification and names its unit is created ROUTED (the table allows it to an import);
  // the batch's one audit event below lists the records, so they get none each.
  const inserted = await createMany<VerificationStatus, VerificationRecord>(
    tx,
    VERIFICATION_MACHINE,
    rows.map((r) => ({
      batchId,
      externalRef: r.externalRef,
      personName: r.personName,
      idNumberMasked: r.idNumberMasked,
      phoneMasked: r.phoneMasked,
      reason: r.reason,
      needsVerification: r.needsVerification,
      status: r.needsVerification && r.routedUnit ? 'ROUTED' : 'RECEIVED',
      routedUnitId: r.routedUnit ? units.get(r.routedUnit)! : null,
      deadline: r.deadline ?? null,
      receivedAt: r.receivedAt ?? tx.now(),
    })),
    { skipConflictsOn: ['externalRef'], auditFields: false },
  );
  const insertedRefs = new Set(inserted.map((r) => r.externalRef));
  const duplicates = rows.filter((r) => !insertedRefs.has(r.externalRef)).map((r) => ({ row: r.row, externalRef: r.externalRef }));
  const needing = inserted.filter((r) => r.needsVerification).length;
  await tx.em.query(`UPDATE verification_batch SET received = $2, needing_verification = $3, duplicates = $4 WHERE id = $1`, [batchId, inserted.length, needing, JSON.stringify(duplicates)]);
  // One audit event for the batch: the records are its content, listed by their refs.
  await recordAudit(tx, {
    action: 'verification.import',
    entityType: 'VerificationBatch',
    entityId: batchId,
    after: { batchRef, source, received: inserted.length, needingVerification: needing, duplicates: duplicates.length, externalRefs: [...insertedRefs] },
  });
  if (inserted.length) {
    await recordHubEvent(tx, {
      kind: 'VERIFICATION_TASK_CHANGED',
      siteId: null,
      entityType: 'VerificationImport',
      entityId: batchId,
      message: `协查数据 ${batchRef}：接收 ${inserted.length} 条，需核查 ${needing} 条 / ${inserted.length} records received, ${needing} to verify`,
      data: { batchRef, received: inserted.length, needingVerification: needing },
    });
  }
  return batchId;
}
