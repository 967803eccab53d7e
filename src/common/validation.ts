import { z } from 'zod';
import { fromZod } from './errors';

/** Parses a mutation input at the service entry; a failure is BAD_USER_INPUT naming the field. */
export function parse<T extends z.ZodTypeAny>(schema: T, raw: unknown, prefix = 'input'): z.infer<T> {
  const r = schema.safeParse(raw);
  if (!r.success) throw fromZod(r.error, prefix);
  return r.data;
}

/** An id: 32 hex digits in the 8-4-4-4-12 form, any version and variant (the scale seed's ids are md5-based). */
export const uuid = z.guid('Invalid UUID');
export const idempotencyKey = z.string().min(1).max(200);
/** An optional input field: omitted or null both mean `fallback`. */
export const orDefault = <T extends z.ZodTypeAny>(schema: T, fallback: z.infer<T>) => schema.nullish().transform((v) => (v ?? fallback) as z.infer<T>);

export const evidenceIds = orDefault(z.array(uuid).max(20), []);
export const isUuid = (s: unknown) => typeof s === 'string' && uuid.safeParse(s).success;
