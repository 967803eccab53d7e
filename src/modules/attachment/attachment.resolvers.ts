import type { Ctx } from '../../context';
import type { Resolvers } from '../../generated/graphql';
import { accountsById } from '../account/account.loaders';
import type { Attachment } from './attachment.entity';
import { findAttachment } from './attachment.service';
import { attachmentUrl } from './attachment.routes';

export const attachmentResolvers = {
  Query: {
    attachment: (_: unknown, a: { id: string }, ctx: Ctx) => findAttachment(ctx, a.id),
  },
  Attachment: {
    uploadedBy: (a: Attachment, _: unknown, ctx: Ctx) => accountsById(ctx).load(a.uploadedBy),
    url: (a: Attachment) => attachmentUrl(a.id),
  },
} satisfies Resolvers;
