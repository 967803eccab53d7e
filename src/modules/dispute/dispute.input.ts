import { z } from 'zod';
import { SEVERITIES } from '../checklist/checklist.entity';
import { evidenceIds, idempotencyKey, uuid } from '../../common/validation';
import { CONFLICT_CATEGORIES, DISPUTE_KINDS, DISPUTE_OUTCOMES, DISPUTE_STATUSES } from './dispute.entity';

const text = (max: number, msg = 'must not be empty') => z.string().trim().min(1, msg).max(max);

export const lodgeInput = z.object({ idempotencyKey, findingId: uuid, reason: text(4000, 'a dispute needs a written reason'), evidenceIds });

export const assignInput = z.object({ id: uuid, version: z.number().int(), reviewerId: uuid });

export const resolveInput = z.object({
  id: uuid,
  version: z.number().int(),
  outcome: z.enum(DISPUTE_OUTCOMES),
  rationale: text(8000, 'a resolution needs a written rationale'),
  newSeverity: z.enum(SEVERITIES).nullish(),
  newDeadline: z.coerce.date().nullish(),
});

export const withdrawInput = z.object({ id: uuid, version: z.number().int() });

export const commentInput = z.object({ id: uuid, text: text(4000, 'a comment needs text') });

export const siteConflictInput = z.object({
  idempotencyKey,
  siteId: uuid,
  category: z.enum(CONFLICT_CATEGORIES),
  description: text(4000),
  parties: z.array(text(200)).min(1, 'name at least one party').max(50),
  mediatedBy: text(200),
  outcome: text(4000, 'record the outcome'),
  resolvedAt: z.coerce.date().nullish(),
});

export const disputeFilter = z
  .object({
    status: z.array(z.enum(DISPUTE_STATUSES)).nullish(),
    outcome: z.array(z.enum(DISPUTE_OUTCOMES)).nullish(),
    kind: z.enum(DISPUTE_KINDS).nullish(),
    siteIds: z.array(uuid).nullish(),
    reviewerId: uuid.nullish(),
    overdue: z.boolean().nullish(),
  })
  .prefault({});

export const statisticsFilter = z.object({ from: z.coerce.date().nullish(), to: z.coerce.date().nullish() }).prefault({});
