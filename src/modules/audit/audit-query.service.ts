import { z } from 'zod';
import { uuid } from '../../common/validation';
import type { Ctx } from '../../context';
import { authorize } from '../../common/authorize';
import { badInput, fromZod } from '../../common/errors';
import { decodeCursor, pageSize, toConnection, type PageArgs } from '../../common/pagination';
import { AuditEvent } from './audit-event.entity';
import { verifyChain, type ChainReport } from './audit-chain';

/** Reading the audit trail and checking its hash chain (ADMIN and REVIEWER: 'audit:read'). */

const isoDate = z.coerce.date();
const filterSchema = z
  .object({
    entityType: z.string().trim().min(1).max(100).nullish(),
    entityId: z.string().trim().min(1).max(200).nullish(),
    actorId: uuid.nullish(),
    action: z.string().trim().min(1).max(100).nullish(),
    occurredBetween: z
      .object({ from: isoDate.nullish(), to: isoDate.nullish() })
      .refine((r) => !r.from || !r.to || r.from <= r.to, { message: 'from must not be after to', path: ['from'] })
      .nullish(),
  })
  .nullish();

export type AuditEventFilter = z.infer<typeof filterSchema>;

export async function listAuditEvents(ctx: Ctx, rawFilter: unknown, page: PageArgs) {
  authorize(ctx, 'audit:read');
  const parsed = filterSchema.safeParse(rawFilter);
  if (!parsed.success) throw fromZod(parsed.error, 'filter');
  const f = parsed.data ?? {};
  const first = pageSize(page);
  const cursor = decodeCursor(page.after, 1);

  const base = () => {
    const qb = ctx.em.createQueryBuilder(AuditEvent, 'e');
    if (f.entityType) qb.andWhere('e.entityType = :entityType', { entityType: f.entityType });
    if (f.entityId) qb.andWhere('e.entityId = :entityId', { entityId: f.entityId });
    if (f.actorId) qb.andWhere('e.actorId = :actorId', { actorId: f.actorId });
    if (f.action) qb.andWhere('e.action = :action', { action: f.action });
    if (f.occurredBetween?.from) qb.andWhere('e.occurredAt >= :from', { from: f.occurredBetween.from });
    // Times are shown to the millisecond but stored to the microsecond: `to` includes its whole millisecond.
    if (f.occurredBetween?.to) qb.andWhere('e.occurredAt < :to', { to: new Date(f.occurredBetween.to.getTime() + 1) });
    return qb;
  };
  const qb = base();
  if (cursor) {
    if (typeof cursor[0] !== 'string' || !/^\d{1,19}$/.test(cursor[0])) throw badInput('after', 'after is not a cursor this list gave out');
    qb.andWhere('e.id < :afterId', { afterId: cursor[0] });
  }
  // Newest first, keyset on id (bigint, compared in SQL): stable while events keep arriving.
  const rows = await qb.orderBy('e.id', 'DESC').take(first + 1).getMany();
  return toConnection(rows, first, (e) => [String(e.id)], () => base().getCount(), !!cursor);
}

/** Seals what has committed, then walks and recomputes the whole chain. */
export async function verifyAuditChain(ctx: Ctx): Promise<ChainReport> {
  authorize(ctx, 'audit:read');
  await ctx.services.sealer.sealNow();
  return verifyChain(ctx.em);
}
