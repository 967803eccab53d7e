import DataLoader from 'dataloader';
import { In } from 'typeorm';
import { byKey, groupByKey, loader } from '../../common/loaders';
import { ChecklistItem, ChecklistTemplate, ChecklistVersion } from './checklist.entity';
import { StandardProfileRevision } from './standard-profile.entity';

export const checklistTemplatesById = loader(
  (ctx) => new DataLoader<string, ChecklistTemplate | null>(async (ids) => byKey(ids, await ctx.em.find(ChecklistTemplate, { where: { id: In([...ids]) } }), (t) => t.id)),
);

export const checklistVersionsById = loader(
  (ctx) => new DataLoader<string, ChecklistVersion | null>(async (ids) => byKey(ids, await ctx.em.find(ChecklistVersion, { where: { id: In([...ids]) } }), (v) => v.id)),
);

/** Versions of each template, newest first. */
export const checklistVersionsByTemplateId = loader(
  (ctx) =>
    new DataLoader<string, ChecklistVersion[]>(async (ids) =>
      groupByKey(ids, await ctx.em.find(ChecklistVersion, { where: { templateId: In([...ids]) }, order: { number: 'DESC' } }), (v) => v.templateId),
    ),
);

/** Items of each version, in order. */
export const checklistItemsByVersionId = loader(
  (ctx) =>
    new DataLoader<string, ChecklistItem[]>(async (ids) =>
      groupByKey(ids, await ctx.em.find(ChecklistItem, { where: { versionId: In([...ids]) }, order: { position: 'ASC', code: 'ASC' } }), (i) => i.versionId),
    ),
);

/** Every version of each kind's profile, newest first. */
export const profileRevisionsBySiteKind = loader(
  (ctx) =>
    new DataLoader<string, StandardProfileRevision[]>(async (kinds) =>
      groupByKey(kinds, await ctx.em.find(StandardProfileRevision, { where: { siteKind: In([...kinds]) }, order: { profileVersion: 'DESC' } }), (r) => r.siteKind),
    ),
);
