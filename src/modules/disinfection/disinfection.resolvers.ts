import type { Ctx } from '../../context';
import type { Resolvers } from '../../generated/graphql';
import type { Site } from '../site/site.entity';
import { totalCountResolver } from '../../common/pagination';
import { accountsById } from '../account/account.loaders';
import { attachmentsByEntity } from '../attachment/attachment.service';
import { sitesById } from '../site/site.loaders';
import * as write from './disinfection.service';
import { correctionHistory, disinfectionEntriesById, disinfectionLog, type EntryRow } from './disinfection.read';
import { disinfectionAreas, disinfectionCompliance, disinfectionRequirements, sitesInBreach, type SiteBreach } from './disinfection-compliance.service';

type Input = { input: unknown };

export const disinfectionResolvers = {
  Query: {
    disinfectionAreas: (_: unknown, a: { siteId: string }, ctx: Ctx) => disinfectionAreas(ctx, a),
    disinfectionLog: (_: unknown, a: Parameters<typeof disinfectionLog>[1], ctx: Ctx) => disinfectionLog(ctx, a),
    disinfectionCompliance: (_: unknown, a: { siteId: string; from: Date; to: Date }, ctx: Ctx) => disinfectionCompliance(ctx, a),
    sitesInBreach: (_: unknown, a: { at?: Date | null; siteIds?: string[] | null }, ctx: Ctx) => sitesInBreach(ctx, a),
    disinfectionRequirements: (_: unknown, a: { siteId: string }, ctx: Ctx) => disinfectionRequirements(ctx, a.siteId),
  },
  Mutation: {
    recordDisinfection: (_: unknown, a: Input, ctx: Ctx) => write.recordDisinfection(ctx, a.input),
    recordDisinfectionBatch: (_: unknown, a: Input, ctx: Ctx) => write.recordDisinfectionBatch(ctx, a.input),
    correctDisinfection: (_: unknown, a: Input, ctx: Ctx) => write.correctDisinfection(ctx, a.input),
  },
  DisinfectionEntryConnection: { totalCount: totalCountResolver },
  DisinfectionEntry: {
    site: (e: EntryRow, _: unknown, ctx: Ctx) => sitesById(ctx).load(e.siteId) as Promise<Site>,
    evidence: (e: EntryRow, _: unknown, ctx: Ctx) => attachmentsByEntity(ctx).load(`DisinfectionEntry:${e.id}`),
    recordedBy: (e: EntryRow, _: unknown, ctx: Ctx) => accountsById(ctx).load(e.recordedBy),
    corrects: (e: EntryRow, _: unknown, ctx: Ctx) => (e.correctsId ? disinfectionEntriesById(ctx).load(e.correctsId) : null),
    supersededBy: (e: EntryRow, _: unknown, ctx: Ctx) => (e.supersededById ? disinfectionEntriesById(ctx).load(e.supersededById) : null),
    corrections: (e: EntryRow, _: unknown, ctx: Ctx) => (e.correctsId ? correctionHistory(ctx).load(e.id) : []),
    effective: (e: EntryRow) => !e.supersededById,
  },
  SiteDisinfectionBreach: {
    site: (b: SiteBreach, _: unknown, ctx: Ctx) => sitesById(ctx).load(b.siteId) as Promise<Site>,
  },
} satisfies Resolvers;
