import { z } from 'zod';
import { uuid } from '../../common/validation';
import { AppError, fromZod } from '../../common/errors';
import { RISK_LEVELS, SITE_KINDS, SITE_STATUSES, type SiteKind } from './site.entity';

/** Parses with zod; a failure is BAD_USER_INPUT naming the first bad field (`input.latitude`). */
export function parse<T extends z.ZodTypeAny>(schema: T, raw: unknown, prefix = 'input'): z.infer<T> {
  const r = schema.safeParse(raw);
  if (!r.success) throw fromZod(r.error, prefix);
  return r.data;
}

/** The fields that belong to one kind only; the others' CHECKs keep them empty on other kinds. */
export const KIND_FIELDS: Record<SiteKind, readonly string[]> = {
  HOTEL: ['roomCount', 'guestRegistrationSystem'],
  VENUE: ['venueCategory', 'capacity'],
  DETENTION_FACILITY: ['facilityType', 'capacity', 'securityLevel'],
  ISOLATION_SITE: ['bedCount', 'currentOccupancy'],
  // In the checkpoint module's SDL (`extend input CreateSiteInput` / `UpdateSiteInput`), beside its RoadType enum.
  CHECKPOINT: ['roadType', 'roadName'],
  SAMPLING_POINT: [],
};
const ALL_KIND_FIELDS = [...new Set(Object.values(KIND_FIELDS).flat())];

/** A field of another kind, given with a value, is the caller's mistake: say which one. */
export function rejectOtherKindFields(kind: SiteKind, raw: Record<string, unknown>) {
  for (const f of ALL_KIND_FIELDS) {
    if (raw[f] != null && !KIND_FIELDS[kind].includes(f)) {
      throw new AppError('BAD_USER_INPUT', `${f} is not a field of a ${kind} site`, { field: `input.${f}` });
    }
  }
}

/** Optional text: trimmed, and '' stored as null. */
const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((v) => (v === '' ? null : v));
const required = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);
const count = z.number().int().min(0, 'must be 0 or more').max(1_000_000).nullish();
const phone = z
  .string()
  .trim()
  .regex(/^$|^[0-9+\-() ]{3,30}$/, 'use 3 to 30 digits, spaces, + - ( )')
  .nullish()
  .transform((v) => (v === '' ? null : v));

const common = {
  name: required(200),
  address: required(500),
  district: required(100),
  grid: text(100),
  latitude: z.number().min(-90).max(90).nullish(),
  longitude: z.number().min(-180).max(180).nullish(),
  contactName: text(100),
  contactPhone: phone,
};
const kindFields = {
  roomCount: count,
  guestRegistrationSystem: text(200),
  venueCategory: text(200),
  capacity: count,
  facilityType: text(200),
  securityLevel: text(100),
  bedCount: count,
  currentOccupancy: count,
  roadType: z.enum(['HIGHWAY_EXIT', 'NATIONAL_ROAD', 'PROVINCIAL_ROAD']).nullish(),
  roadName: text(200),
};

export const createSiteInput = z
  .object({
    idempotencyKey: z.string().min(1).max(200),
    kind: z.enum(SITE_KINDS),
    riskLevel: z.enum(RISK_LEVELS).nullish().transform((v) => v ?? 'MEDIUM'),
    ...common,
    ...kindFields,
  })
  .superRefine((v, c) => {
    if (v.currentOccupancy != null && v.bedCount != null && v.currentOccupancy > v.bedCount) {
      c.addIssue({ code: 'custom', path: ['currentOccupancy'], message: 'must not exceed bedCount' });
    }
  });
export type CreateSiteInput = z.infer<typeof createSiteInput>;

/** Every field optional: undefined means "leave as it is"; the required columns reject null. */
export const updateSiteInput = z.object({
  id: uuid,
  version: z.number().int().min(1),
  riskLevel: z.enum(RISK_LEVELS).optional(),
  name: common.name.optional(),
  address: common.address.optional(),
  district: common.district.optional(),
  grid: common.grid,
  latitude: common.latitude,
  longitude: common.longitude,
  contactName: common.contactName,
  contactPhone: common.contactPhone,
  ...kindFields,
});
export type UpdateSiteInput = z.infer<typeof updateSiteInput>;

export const closeSiteInput = z.object({ id: uuid, version: z.number().int().min(1), reason: required(500) });
export const reopenSiteInput = z.object({ id: uuid, version: z.number().int().min(1) });
export const siteManagerInput = z.object({ siteId: uuid, accountId: uuid });

export const siteFilter = z
  .object({
    kinds: z.array(z.enum(SITE_KINDS)).nullish(),
    districts: z.array(z.string().max(100)).max(100).nullish(),
    riskLevels: z.array(z.enum(RISK_LEVELS)).nullish(),
    status: z.enum(SITE_STATUSES).nullish(),
    search: z.string().trim().max(200).nullish(),
  })
  .nullish();
export type SiteFilter = NonNullable<z.infer<typeof siteFilter>>;
