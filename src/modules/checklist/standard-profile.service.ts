import { z } from 'zod';
import type { Ctx } from '../../context';
import { authorize } from '../../common/authorize';
import { badInput, notFound } from '../../common/errors';
import { inTransaction, updateVersioned } from '../../common/transaction';
import { recordAudit } from '../audit/audit.service';
import { SITE_KINDS } from '../site/site.entity';
import type { Severity } from './checklist.entity';
import { StandardProfile, StandardProfileRevision } from './standard-profile.entity';
import { parse } from '../../common/validation';

/** The kind whose standard must stay strictly above every other ("inside higher than outside"). */
export const STRICTEST_KIND = 'DETENTION_FACILITY';

export function deadlineHours(p: StandardProfile, severity: Severity): number {
  return severity === 'CRITICAL' ? p.criticalDeadlineHours : severity === 'MAJOR' ? p.majorDeadlineHours : p.minorDeadlineHours;
}

export async function listProfiles(ctx: Ctx) {
  authorize(ctx, 'checklist:read');
  return ctx.em.find(StandardProfile, { order: { siteKind: 'ASC' } });
}

const hours = z.number().int().min(1).max(24 * 365);
/** An interval multiplier: shortens the interval (or leaves it), never lengthens it or makes it vanish. */
const factor = z.number().finite().min(0.05, 'at least 0.05').max(1, 'at most 1: a factor shortens the interval, never lengthens it');
const updateInput = z.object({
  siteKind: z.enum(SITE_KINDS),
  version: z.number().int(),
  passMark: z.number().int().min(0).max(100).optional(),
  criticalDeadlineHours: hours.optional(),
  majorDeadlineHours: hours.optional(),
  minorDeadlineHours: hours.optional(),
  reinspectionIntervalDays: z.number().int().min(1).max(3650).optional(),
  highRiskIntervalFactor: factor.optional(),
  failIntervalFactor: factor.optional(),
  evidenceMandatory: z.boolean().optional(),
  disputeLodgingWindowDays: z.number().int().min(1).max(365).optional(),
  disputeResolutionDays: z.number().int().min(1).max(365).optional(),
  pauseDeadlineDuringDisputeMajor: z.boolean().optional(),
  pauseDeadlineDuringDisputeMinor: z.boolean().optional(),
});

const SNAPSHOT_FIELDS = [
  'passMark',
  'criticalDeadlineHours',
  'majorDeadlineHours',
  'minorDeadlineHours',
  'reinspectionIntervalDays',
  'highRiskIntervalFactor',
  'failIntervalFactor',
  'evidenceMandatory',
  'disputeLodgingWindowDays',
  'disputeResolutionDays',
  'pauseDeadlineDuringDisputeMajor',
  'pauseDeadlineDuringDisputeMinor',
] as const;

export const snapshotOf = (p: StandardProfile) => Object.fromEntries(SNAPSHOT_FIELDS.map((f) => [f, p[f]]));

/** Why `strict` is not strictly stricter than `other`, or null when it is. */
export function notStricter(strict: StandardProfile, other: StandardProfile): string | null {
  if (!(strict.passMark > other.passMark)) return `its passMark must be above ${other.siteKind}'s (${other.passMark})`;
  for (const f of ['criticalDeadlineHours', 'majorDeadlineHours', 'minorDeadlineHours'] as const) {
    if (!(strict[f] < other[f])) return `its ${f} must be below ${other.siteKind}'s (${other[f]})`;
  }
  if (!(strict.reinspectionIntervalDays < other.reinspectionIntervalDays)) return `its reinspectionIntervalDays must be below ${other.siteKind}'s (${other.reinspectionIntervalDays})`;
  for (const f of ['highRiskIntervalFactor', 'failIntervalFactor'] as const) {
    if (!(strict[f] <= other[f])) return `its ${f} must not be above ${other.siteKind}'s (${other[f]})`;
  }
  if (!strict.evidenceMandatory) return 'evidence must stay mandatory';
  return null;
}

const toSnake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * Changes a profile (ADMIN), keeping the detention facility standard strictly above all others.
 * Findings already raised keep their deadlines: they copied them when raised.
 */
export async function updateProfile(ctx: Ctx, raw: unknown) {
  authorize(ctx, 'profile:manage');
  const input = parse(updateInput, raw);
  return inTransaction(ctx, async (tx) => {
    const all = await tx.em.find(StandardProfile, { lock: { mode: 'pessimistic_write' }, order: { siteKind: 'ASC' } });
    const current = all.find((p) => p.siteKind === input.siteKind);
    if (!current) throw notFound('standard profile', input.siteKind);
    const changes: Record<string, unknown> = {};
    for (const f of SNAPSHOT_FIELDS) if (input[f] !== undefined && input[f] !== current[f]) changes[f] = input[f];
    const next = { ...current, ...changes } as StandardProfile;
    if (!(next.criticalDeadlineHours <= next.majorDeadlineHours && next.majorDeadlineHours <= next.minorDeadlineHours)) {
      throw badInput('input.criticalDeadlineHours', 'deadlines must not be longer for a more severe finding');
    }
    const strict = next.siteKind === STRICTEST_KIND ? next : all.find((p) => p.siteKind === STRICTEST_KIND);
    for (const other of all) {
      if (!strict || other.siteKind === STRICTEST_KIND) continue;
      const why = notStricter(strict, other.siteKind === next.siteKind ? next : other);
      if (why) throw badInput(`input.${Object.keys(changes)[0] ?? 'siteKind'}`, `the detention facility standard must stay stricter than every other kind: ${why}`);
    }
    const row = await updateVersioned<Record<string, unknown>>(tx, 'standard_profile', current.id, input.version, {
      ...Object.fromEntries(Object.entries(changes).map(([k, v]) => [toSnake(k), v])),
      updated_by_id: tx.actor!.id,
    });
    const updated = await tx.em.findOneByOrFail(StandardProfile, { id: current.id });
    await tx.em.insert(StandardProfileRevision, { siteKind: updated.siteKind, profileVersion: Number(row.version), snapshot: snapshotOf(updated), changedById: tx.actor!.id });
    await recordAudit(tx, { action: 'profile.update', entityType: 'StandardProfile', entityId: current.id, before: snapshotOf(current), after: snapshotOf(updated) });
    return updated;
  });
}
