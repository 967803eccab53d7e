import type { Ctx } from '../../context';
import type { Resolvers } from '../../generated/graphql';
import type { Account } from '../account/account.entity';
import { accountsById } from '../account/account.loaders';
import type { Inspection } from '../inspection/inspection.entity';
import { inspectionsById } from '../inspection/inspection.loaders';
import { acknowledgeNotice, visibleNotice, type NoticeStatus } from './notice.service';
import { noticeStatusByInspectionId } from './notice.loaders';

export const noticeResolvers = {
  Mutation: {
    acknowledgeRectificationNotice: async (_: unknown, a: { inspectionId: string }, ctx: Ctx) => {
      const { id } = await acknowledgeNotice(ctx, a.inspectionId);
      return (await inspectionsById(ctx).load(id)) as Inspection;
    },
  },
  Inspection: {
    rectificationNotice: async (i: Inspection, _: unknown, ctx: Ctx) => visibleNotice(ctx, await noticeStatusByInspectionId(ctx).load(i.id)),
  },
  RectificationNotice: {
    acknowledgedBy: (n: NoticeStatus, _: unknown, ctx: Ctx) => (n.acknowledgedById ? (accountsById(ctx).load(n.acknowledgedById) as Promise<Account>) : null),
  },
} satisfies Resolvers;
