import type { Ctx } from '../../context';
import type { Resolvers } from '../../generated/graphql';
import { requireActor } from '../../common/authorize';

export const mapResolvers = {
  Query: {
    mapSettings: (_: unknown, __: unknown, ctx: Ctx) => {
      requireActor(ctx);
      return ctx.config.map;
    },
  },
} satisfies Resolvers;
