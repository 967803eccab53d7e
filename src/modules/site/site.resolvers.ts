import type { GraphQLResolveInfo } from 'graphql';
import type { Ctx } from '../../context';
import type { HotelResolvers } from '../../generated/graphql';
import { totalCountResolver } from '../../common/pagination';
import type { Account } from '../account/account.entity';
import type { Site, SiteKind } from './site.entity';
import { managersBySiteId, sitesByManagerId } from './site.loaders';
import { getSite, listSites } from './site.service';
import { createSite, updateSite } from './site-write.service';
import { bindSiteManager, closeSite, reopenSite, unbindSiteManager } from './site-lifecycle.service';

type Input = { input: unknown };

/** The GraphQL type of each kind; CHECKPOINT and SAMPLING_POINT belong to modules that may not be loaded. */
export const TYPE_OF_KIND: Record<SiteKind, string> = {
  HOTEL: 'Hotel',
  VENUE: 'Venue',
  DETENTION_FACILITY: 'DetentionFacility',
  ISOLATION_SITE: 'IsolationSite',
  CHECKPOINT: 'Checkpoint',
  SAMPLING_POINT: 'SamplingPoint',
};

export function resolveSiteType(site: Pick<Site, 'kind'>, info: Pick<GraphQLResolveInfo, 'schema'>): string {
  const name = TYPE_OF_KIND[site.kind];
  return name && info.schema.getType(name) ? name : 'OtherSite';
}

/** Field resolvers every Site type needs; a module adding `type X implements Site` spreads these into X. */
export const siteFieldResolvers = {
  managers: (s: Site, _: unknown, ctx: Ctx) => managersBySiteId(ctx).load(s.id),
} satisfies HotelResolvers;

export const siteResolvers = {
  Site: { __resolveType: (s: Site, _: Ctx, info: GraphQLResolveInfo) => resolveSiteType(s, info) },
  Hotel: siteFieldResolvers,
  Venue: siteFieldResolvers,
  DetentionFacility: siteFieldResolvers,
  IsolationSite: siteFieldResolvers,
  OtherSite: siteFieldResolvers,
  SiteConnection: { totalCount: totalCountResolver },
  Account: {
    managedSites: (a: Account, _: unknown, ctx: Ctx) => sitesByManagerId(ctx).load(a.id),
  },
  Query: {
    site: (_: unknown, a: { id: string }, ctx: Ctx) => getSite(ctx, a.id),
    sites: (_: unknown, a: { filter?: unknown; first?: number | null; after?: string | null }, ctx: Ctx) => listSites(ctx, a.filter, a),
  },
  Mutation: {
    createSite: (_: unknown, a: Input, ctx: Ctx) => createSite(ctx, a.input),
    updateSite: (_: unknown, a: Input, ctx: Ctx) => updateSite(ctx, a.input),
    closeSite: (_: unknown, a: Input, ctx: Ctx) => closeSite(ctx, a.input),
    reopenSite: (_: unknown, a: Input, ctx: Ctx) => reopenSite(ctx, a.input),
    bindSiteManager: (_: unknown, a: Input, ctx: Ctx) => bindSiteManager(ctx, a.input),
    unbindSiteManager: (_: unknown, a: Input, ctx: Ctx) => unbindSiteManager(ctx, a.input),
  },
};
