import { z } from 'zod';
import { fromZod } from '../../common/errors';
import { SHIFTS } from './checkpoint-tally.entity';

export function parse<T extends z.ZodTypeAny>(schema: T, raw: unknown, prefix = 'input'): z.infer<T> {
  const r = schema.safeParse(raw ?? {});
  if (!r.success) throw fromZod(r.error, prefix);
  return r.data;
}

const uuid = z.string().uuid('must be an id');
/** A calendar date, YYYY-MM-DD, that exists. */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'not a calendar date');
const count = z.number().int('must be a whole number').min(0, 'must be 0 or more').max(10_000_000, 'is implausibly large');

const officer = z
  .object({
    accountId: uuid.nullish(),
    name: z.string().trim().min(1).max(100).nullish(),
    isLeader: z.boolean(),
  })
  .refine((o) => !!o.accountId || !!o.name, { message: 'give accountId or name', path: ['name'] });

export const tallyInput = z
  .object({
    idempotencyKey: z.string(),
    checkpointId: uuid,
    shiftDate: isoDate,
    shift: z.enum(SHIFTS),
    vehiclesChecked: count,
    personsScreened: count,
    vehiclesTurnedBack: count,
    personsTurnedBack: count,
    certificatesVerified: count,
    samplesTaken: count,
    officersOnDuty: z.array(officer).max(200).default([]),
    notes: z.string().trim().max(2000).nullish(),
    correctsId: uuid.nullish(),
    correctionReason: z.string().trim().min(1).max(500).nullish(),
  })
  .superRefine((v, c) => {
    if (v.vehiclesTurnedBack > v.vehiclesChecked) c.addIssue({ code: 'custom', path: ['vehiclesTurnedBack'], message: 'cannot be more than vehiclesChecked' });
    if (v.personsTurnedBack > v.personsScreened) c.addIssue({ code: 'custom', path: ['personsTurnedBack'], message: 'cannot be more than personsScreened' });
    if (v.correctsId && !v.correctionReason) c.addIssue({ code: 'custom', path: ['correctionReason'], message: 'a correction needs a reason' });
    if (!v.correctsId && v.correctionReason) c.addIssue({ code: 'custom', path: ['correctsId'], message: 'a reason is given only with correctsId' });
  });
export type TallyInput = z.infer<typeof tallyInput>;

export const tallyFilter = z
  .object({
    checkpointIds: z.array(uuid).max(500).nullish(),
    from: isoDate.nullish(),
    to: isoDate.nullish(),
    withWarningsOnly: z.boolean().nullish(),
    includeSuperseded: z.boolean().nullish(),
  })
  .superRefine((v, c) => {
    if (v.from && v.to && v.from > v.to) c.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
  });
export type TallyFilter = z.infer<typeof tallyFilter>;
