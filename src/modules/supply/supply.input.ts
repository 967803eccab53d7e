import { z } from 'zod';
import { fromZod } from '../../common/errors';

export function parse<T extends z.ZodTypeAny>(schema: T, raw: unknown, prefix = 'input'): z.infer<T> {
  const r = schema.safeParse(raw ?? {});
  if (!r.success) throw fromZod(r.error, prefix);
  return r.data;
}

const uuid = z.string().uuid('must be an id');
const itemCode = z.string().trim().regex(/^[A-Z0-9_]{2,64}$/, 'use the item code, e.g. MASK');
const quantity = z.number().int('must be a whole number').min(1, 'must be at least 1').max(10_000_000, 'is implausibly large');

export const receiveInput = z.object({
  idempotencyKey: z.string(),
  itemCode,
  quantity,
  source: z.string().trim().min(1, 'required').max(200),
});

export const deliveryInput = z.object({
  idempotencyKey: z.string(),
  itemCode,
  siteId: uuid,
  quantity,
  deliveredAt: z.date({ error: 'must be a date-time' }),
  notes: z.string().trim().max(1000).nullish(),
});

export const suppliesFilter = z.object({ siteId: uuid.nullish() });
