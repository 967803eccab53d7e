import DataLoader from 'dataloader';
import { In } from 'typeorm';
import { byKey, loader } from '../../common/loaders';
import { AuditSeal } from './audit-seal.entity';

/** The seal of each event (null while it is not yet in the chain): one query per page of events. */
export const sealsByEventId = loader(
  (ctx) => new DataLoader<string, AuditSeal | null>(async (ids) => byKey(ids, await ctx.em.find(AuditSeal, { where: { eventId: In([...ids]) } }), (s) => String(s.eventId))),
);
