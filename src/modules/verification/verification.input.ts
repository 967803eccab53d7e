import { z } from 'zod';
import { fromZod } from '../../common/errors';
import { VERIFICATION_RESULTS, VERIFICATION_STATUSES } from './verification.entity';

export function parse<T extends z.ZodTypeAny>(schema: T, raw: unknown, prefix = 'input'): z.infer<T> {
  const r = schema.safeParse(raw ?? {});
  if (!r.success) throw fromZod(r.error, prefix);
  return r.data;
}

export const MAX_IMPORT = 5000;
const uuid = z.string().uuid('must be an id');

/** Masked only: 15 or 18 characters with the middle starred (610330********1234). Full numbers are refused. */
const MASKED_ID = /^(?=.{15}$|.{18}$)[0-9]{0,6}\*{4,}[0-9]{0,3}[0-9Xx]?$/;
/** Masked only: 138****1234. */
const MASKED_PHONE = /^\+?[0-9]{0,5}\*{3,}[0-9]{0,4}$/;

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((s) => (s ? s : null));

const deadline = z
  .union([z.date(), z.string().trim().datetime({ offset: true, message: 'use an ISO 8601 date-time with offset' }), z.literal('')])
  .nullish()
  .transform((v) => (v === '' || v == null ? null : new Date(v)));

/** A field left out: 'required' (zod's own message otherwise). */
const required = (i: { input: unknown }) => (i.input === undefined ? 'required' : undefined);

/** One record as it arrives (GraphQL or a CSV row). */
export const recordRow = z
  .object({
    externalRef: z.string({ error: required }).trim().min(1, 'required').max(100),
    personName: z.string({ error: required }).trim().min(1, 'required').max(100),
    idNumberMasked: optionalText(18).refine((s) => s === null || MASKED_ID.test(s), 'must be a masked id number, e.g. 610330********1234'),
    phoneMasked: optionalText(20).refine((s) => s === null || MASKED_PHONE.test(s), 'must be a masked phone number, e.g. 138****1234'),
    reason: z.string({ error: required }).trim().min(1, 'required').max(500),
    needsVerification: z.boolean({ error: (i) => (i.input === undefined ? 'required' : 'must be true or false') }),
    routedUnit: optionalText(32),
    deadline,
    // The source system's receipt time; omitted: the import time.
    receivedAt: deadline,
  })
  .superRefine((v, c) => {
    if (!v.idNumberMasked && !v.phoneMasked) c.addIssue({ code: 'custom', path: ['idNumberMasked'], message: 'give idNumberMasked or phoneMasked' });
    if (!v.needsVerification && v.routedUnit) c.addIssue({ code: 'custom', path: ['routedUnit'], message: 'only records needing verification are routed' });
    if (!v.needsVerification && v.deadline) c.addIssue({ code: 'custom', path: ['deadline'], message: 'only records needing verification have a deadline' });
  });
export type RecordRow = z.infer<typeof recordRow>;

export const importEnvelope = z.object({
  idempotencyKey: z.string(),
  batchRef: z.string().trim().min(1, 'required').max(100),
  records: z.array(z.unknown()).min(1, 'give at least one record').max(MAX_IMPORT, `at most ${MAX_IMPORT} records at once`),
});

export const taskRef = z.object({ id: uuid, version: z.number().int().min(1) });
export const routeInput = taskRef.extend({ unitId: uuid, deadline: deadline });
export const answerInput = taskRef.extend({ result: z.enum(VERIFICATION_RESULTS), notes: z.string().trim().max(2000).nullish() });

export const taskFilter = z.object({
  status: z.enum(VERIFICATION_STATUSES).nullish(),
  overdue: z.boolean().nullish(),
  unitId: uuid.nullish(),
  batchId: uuid.nullish(),
});
export type TaskFilter = z.infer<typeof taskFilter>;
