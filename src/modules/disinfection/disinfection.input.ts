import { z } from 'zod';
import { uuid } from '../../common/validation';
import { CONCENTRATION_UNITS, DISINFECTION_AGENTS, DISINFECTION_METHODS, type DisinfectionWarning } from './disinfection-entry.entity';

/** What one entry says happened; shared by record, batch and correct. */
export const entryFields = z
  .object({
    area: z.string().trim().toUpperCase().regex(/^[A-Z][A-Z0-9_]{1,31}$/, 'an area code: capital letters, digits and _, e.g. GUEST_ROOMS'),
    agent: z.enum(DISINFECTION_AGENTS),
    concentration: z.number().finite().min(0, 'cannot be negative').nullish(),
    concentrationUnit: z.enum(CONCENTRATION_UNITS),
    method: z.enum(DISINFECTION_METHODS),
    startedAt: z.coerce.date(),
    durationMinutes: z.number().int().min(0).max(10080, 'at most 7 days'),
    // Omitted: the recording account's display name (staff recording their own work).
    operatorName: z.string().trim().min(1, 'who did it? (or leave it out: your display name)').max(200).nullish(),
    notes: z.string().trim().max(2000).nullish(),
    evidenceIds: z.array(uuid).max(20).default([]),
  })
  .superRefine((e, ctx) => {
    const given = e.concentration !== null && e.concentration !== undefined;
    if (given && e.concentrationUnit === 'NONE') ctx.addIssue({ code: 'custom', path: ['concentrationUnit'], message: 'a concentration needs a unit' });
    if (!given && e.concentrationUnit !== 'NONE') ctx.addIssue({ code: 'custom', path: ['concentration'], message: `give the concentration in ${e.concentrationUnit}, or unit NONE` });
  });

export type EntryFields = z.infer<typeof entryFields>;

const key = z.string().min(1).max(200);

export const recordInput = z.intersection(z.object({ siteId: uuid, idempotencyKey: key }), entryFields);

export const batchInput = z.object({
  siteId: uuid,
  entries: z.array(z.intersection(z.object({ idempotencyKey: key }), entryFields)).min(1, 'at least one entry').max(200, 'at most 200 entries per batch'),
});

export const correctInput = z.intersection(z.object({ correctsId: uuid, reason: z.string().trim().min(1, 'say why').max(2000), idempotencyKey: key }), entryFields);

const CHEMICAL = new Set(['CHLORINE', 'ALCOHOL', 'PERACETIC_ACID', 'QUATERNARY_AMMONIUM']);

/** Chlorine in mg/L: ppm is mg/L for water solutions, 1 % is 10,000 mg/L. */
function chlorineMgPerL(e: EntryFields): number | null {
  if (e.concentration == null) return null;
  if (e.concentrationUnit === 'MG_PER_L' || e.concentrationUnit === 'PPM') return e.concentration;
  if (e.concentrationUnit === 'PERCENT') return e.concentration * 10_000;
  return null;
}

/**
 * Plausibility checks. They never refuse an entry (the log records what happened); they are
 * stored with it so inspectors see them. Surface disinfection ranges follow common guidance:
 * chlorine 250–2,000 mg/L, alcohol 70–90 %.
 */
export function sanityWarnings(e: EntryFields, now: Date): DisinfectionWarning[] {
  const w: DisinfectionWarning[] = [];
  if (e.agent === 'CHLORINE') {
    const mg = chlorineMgPerL(e);
    if (mg === null && e.concentration != null) w.push({ code: 'UNIT_UNUSUAL', message: `chlorine concentration in ${e.concentrationUnit} cannot be checked; use MG_PER_L` });
    else if (mg !== null && (mg < 250 || mg > 2000)) w.push({ code: 'CHLORINE_CONCENTRATION_OUT_OF_RANGE', message: `chlorine at ${mg} mg/L is outside 250–2,000 mg/L` });
  }
  if (e.agent === 'ALCOHOL' && e.concentration != null) {
    if (e.concentrationUnit !== 'PERCENT') w.push({ code: 'UNIT_UNUSUAL', message: `alcohol concentration in ${e.concentrationUnit} cannot be checked; use PERCENT` });
    else if (e.concentration < 70 || e.concentration > 90) w.push({ code: 'ALCOHOL_CONCENTRATION_OUT_OF_RANGE', message: `alcohol at ${e.concentration} % is outside 70–90 %` });
  }
  if (CHEMICAL.has(e.agent) && e.concentration == null) w.push({ code: 'CONCENTRATION_MISSING', message: `no concentration recorded for ${e.agent}` });
  if ((e.agent === 'UV') !== (e.method === 'UV')) w.push({ code: 'METHOD_AGENT_MISMATCH', message: `agent ${e.agent} with method ${e.method}` });
  if (e.durationMinutes === 0) w.push({ code: 'ZERO_DURATION', message: 'a duration of 0 minutes' });
  if (e.startedAt.getTime() > now.getTime() + 5 * 60_000) w.push({ code: 'STARTED_IN_FUTURE', message: `starts at ${e.startedAt.toISOString()}, after the time it was recorded` });
  return w;
}
