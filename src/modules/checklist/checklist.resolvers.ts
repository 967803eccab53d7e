import type { Ctx } from '../../context';
import type { Resolvers } from '../../generated/graphql';
import { mayReadProfileHistory } from '../../common/access';
import type { ChecklistItem, ChecklistTemplate, ChecklistVersion } from './checklist.entity';
import type { StandardProfile, StandardProfileRevision } from './standard-profile.entity';
import { checklistItemsByVersionId, checklistTemplatesById, checklistVersionsByTemplateId, profileRevisionsBySiteKind } from './checklist.loaders';
import * as checklists from './checklist.service';
import * as profiles from './standard-profile.service';

type In = { input: unknown };

export const checklistResolvers = {
  Query: {
    checklistTemplates: (_: unknown, a: { siteKind?: string | null }, ctx: Ctx) => checklists.listTemplates(ctx, a.siteKind),
    checklistVersion: (_: unknown, a: { id: string }, ctx: Ctx) => checklists.getVersion(ctx, a.id),
    standardProfiles: (_: unknown, __: unknown, ctx: Ctx) => profiles.listProfiles(ctx),
  },
  Mutation: {
    createChecklistTemplate: (_: unknown, a: In, ctx: Ctx) => checklists.createTemplate(ctx, a.input),
    draftChecklistVersion: (_: unknown, a: In, ctx: Ctx) => checklists.draftVersion(ctx, a.input),
    updateChecklistDraft: (_: unknown, a: In, ctx: Ctx) => checklists.updateDraft(ctx, a.input),
    publishChecklistVersion: (_: unknown, a: In, ctx: Ctx) => checklists.publishVersion(ctx, a.input),
    updateStandardProfile: (_: unknown, a: In, ctx: Ctx) => profiles.updateProfile(ctx, a.input),
  },
  ChecklistTemplate: {
    versions: (t: ChecklistTemplate, _: unknown, ctx: Ctx) => checklistVersionsByTemplateId(ctx).load(t.id),
    latestPublishedVersion: async (t: ChecklistTemplate, _: unknown, ctx: Ctx) => (await checklistVersionsByTemplateId(ctx).load(t.id)).find((v) => v.status === 'PUBLISHED') ?? null,
    draft: async (t: ChecklistTemplate, _: unknown, ctx: Ctx) => (await checklistVersionsByTemplateId(ctx).load(t.id)).find((v) => v.status === 'DRAFT') ?? null,
  },
  ChecklistVersion: {
    template: (v: ChecklistVersion, _: unknown, ctx: Ctx) => checklistTemplatesById(ctx).load(v.templateId) as Promise<ChecklistTemplate>,
    items: (v: ChecklistVersion, _: unknown, ctx: Ctx) => checklistItemsByVersionId(ctx).load(v.id),
  },
  ChecklistItem: {
    min: (i: ChecklistItem) => i.minValue,
    max: (i: ChecklistItem) => i.maxValue,
  },
  StandardProfile: {
    history: (p: StandardProfile, _: unknown, ctx: Ctx) => (mayReadProfileHistory(ctx.actor) ? profileRevisionsBySiteKind(ctx).load(p.siteKind) : []),
  },
  StandardProfileRevision: {
    values: (r: StandardProfileRevision) => r.snapshot,
  },
} satisfies Resolvers;
