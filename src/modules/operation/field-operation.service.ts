import { z } from 'zod';
import type { Ctx } from '../../context';
import { authorize } from '../../common/authorize';
import { AppError, badInput, fromZod } from '../../common/errors';
import { inTransaction } from '../../common/transaction';
import { recordAudit } from '../audit/audit.service';
import { idempotent } from '../idempotency/idempotency.service';
import { FieldOperation, OPERATION_KINDS } from './field-operation.entity';

/** A record may run a little ahead of the clock (devices drift), not days ahead. */
const FUTURE_SLACK_MS = 60 * 60 * 1000;
const count = z.number().int('must be a whole number').min(0, 'cannot be negative').max(10_000_000, 'is implausibly large');

const recordInput = z
  .object({
    idempotencyKey: z.string().min(1).max(200),
    kind: z.enum(OPERATION_KINDS),
    occurredAt: z.coerce.date(),
    district: z.string().trim().max(100).nullish().transform((v) => (v ? v : null)),
    description: z.string().trim().min(1, 'say what it was').max(2000),
    officersDeployed: count.nullish(),
    messagesPushed: count.nullish(),
    peopleReached: count.nullish(),
  })
  .superRefine((v, c) => {
    const need = (path: string, ok: boolean, message: string) => ok || c.addIssue({ code: 'custom', path: [path], message });
    if (v.kind === 'POLICE_DEPLOYMENT') {
      need('officersDeployed', (v.officersDeployed ?? 0) > 0, 'a deployment needs officersDeployed (person-times), at least 1');
      need('messagesPushed', v.messagesPushed == null, 'only for WARNING_PUSH');
      need('peopleReached', v.peopleReached == null, 'only for WARNING_PUSH');
    } else {
      need('messagesPushed', (v.messagesPushed ?? 0) > 0, 'a push needs messagesPushed, at least 1');
      need('peopleReached', v.peopleReached != null, 'how many people did it reach? (0 if unknown)');
      need('officersDeployed', v.officersDeployed == null, 'only for POLICE_DEPLOYMENT');
    }
  });

function parse<T extends z.ZodTypeAny>(schema: T, raw: unknown, prefix = 'input'): z.infer<T> {
  const r = schema.safeParse(raw ?? {});
  if (!r.success) throw fromZod(r.error, prefix);
  return r.data;
}

/** recordFieldOperation (ADMIN, COMMAND): once per idempotency key. */
export async function recordFieldOperation(ctx: Ctx, raw: unknown): Promise<FieldOperation> {
  authorize(ctx, 'operation:record');
  const { idempotencyKey, ...input } = parse(recordInput, raw);
  if (input.occurredAt.getTime() > ctx.now().getTime() + FUTURE_SLACK_MS) throw badInput('input.occurredAt', 'cannot be in the future');
  return inTransaction(ctx, async (tx) => {
    const { resultId } = await idempotent(tx, 'recordFieldOperation', idempotencyKey, input, async () => {
      const [row] = await tx.em.query(
        `INSERT INTO field_operation (kind, occurred_at, district, description, officers_deployed, messages_pushed, people_reached, recorded_by_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [input.kind, input.occurredAt, input.district, input.description, input.officersDeployed ?? null, input.messagesPushed ?? null, input.peopleReached ?? null, tx.actor!.id],
      );
      await recordAudit(tx, { action: 'field-operation.record', entityType: 'FieldOperation', entityId: row.id, after: { ...input, occurredAt: input.occurredAt.toISOString() } });
      return row.id as string;
    });
    return tx.em.findOneByOrFail(FieldOperation, { id: resultId });
  });
}

const listArgs = z
  .object({ from: z.coerce.date(), to: z.coerce.date(), kind: z.enum(OPERATION_KINDS).nullish() })
  .refine((a) => a.from < a.to, { path: ['to'], message: 'to must be after from' });

/** fieldOperations(from, to, kind): those that took place in [from, to), newest first, at most 1000. */
export async function listFieldOperations(ctx: Ctx, raw: unknown): Promise<FieldOperation[]> {
  authorize(ctx, 'operation:read');
  const a = parse(listArgs, raw, '');
  if (a.to.getTime() - a.from.getTime() > 366 * 86_400_000) throw new AppError('BAD_USER_INPUT', 'at most 366 days at a time', { field: 'to' });
  const qb = ctx.em.createQueryBuilder(FieldOperation, 'o').where('o.occurred_at >= :from AND o.occurred_at < :to', { from: a.from, to: a.to });
  if (a.kind) qb.andWhere('o.kind = :kind', { kind: a.kind });
  return qb.orderBy('o.occurred_at', 'DESC').addOrderBy('o.id', 'DESC').limit(1000).getMany();
}
