import { z } from 'zod';
import type { Ctx } from '../../context';
import { authorize } from '../../common/authorize';
import { AppError, badInput, conflict, notFound } from '../../common/errors';
import { checkTransition } from '../../common/state-machine';
import { inTransaction } from '../../common/transaction';
import { recordAudit } from '../audit/audit.service';
import { idempotent } from '../idempotency/idempotency.service';
import { SITE_KINDS } from '../site/site.entity';
import { ANSWER_TYPES, ChecklistItem, ChecklistTemplate, ChecklistVersion, SEVERITIES } from './checklist.entity';
import { CHECKLIST_VERSION_TRANSITIONS } from './checklist.state';
import { idempotencyKey, isUuid, orDefault, parse, uuid } from '../../common/validation';

const choiceInput = z.object({
  value: z.string().trim().min(1).max(64),
  labelZh: z.string().trim().min(1).max(200),
  labelEn: z.string().trim().min(1).max(200),
  compliant: z.boolean(),
});

const itemInput = z
  .object({
    code: z.string().trim().regex(/^[A-Z0-9][A-Z0-9_.-]{0,63}$/, 'use capital letters, digits, _ . or - (at most 64)'),
    category: z.string().trim().min(1).max(100),
    promptZh: z.string().trim().min(1).max(1000),
    promptEn: z.string().trim().min(1).max(1000),
    severity: z.enum(SEVERITIES),
    answerType: z.enum(ANSWER_TYPES),
    min: z.number().finite().nullish(),
    max: z.number().finite().nullish(),
    unit: z.string().trim().min(1).max(32).nullish(),
    choices: z.array(choiceInput).max(20).nullish(),
    evidenceRequired: orDefault(z.boolean(), false),
    weight: orDefault(z.number().int().min(0).max(100), 1),
    siteKinds: orDefault(z.array(z.enum(SITE_KINDS)), []),
  })
  .superRefine((it, c) => {
    const choices = it.choices ?? [];
    if (it.answerType === 'CHOICE') {
      if (choices.length < 2) c.addIssue({ code: 'custom', path: ['choices'], message: 'a CHOICE item needs at least two choices' });
      if (!choices.some((o) => o.compliant)) c.addIssue({ code: 'custom', path: ['choices'], message: 'at least one choice must be compliant' });
      if (new Set(choices.map((o) => o.value)).size !== choices.length) c.addIssue({ code: 'custom', path: ['choices'], message: 'choice values must be distinct' });
    } else if (choices.length) c.addIssue({ code: 'custom', path: ['choices'], message: 'only CHOICE items have choices' });
    if (it.answerType !== 'NUMBER' && (it.min != null || it.max != null || it.unit != null)) c.addIssue({ code: 'custom', path: ['min'], message: 'only NUMBER items have min, max and unit' });
    if (it.min != null && it.max != null && it.min > it.max) c.addIssue({ code: 'custom', path: ['max'], message: 'max must not be below min' });
  });

const itemsInput = z
  .array(itemInput)
  .min(1)
  .max(300)
  .superRefine((items, c) => {
    const seen = new Set<string>();
    items.forEach((it, i) => {
      if (seen.has(it.code)) c.addIssue({ code: 'custom', path: [i, 'code'], message: `item code ${it.code} appears twice` });
      seen.add(it.code);
    });
  });

type ItemInput = z.infer<typeof itemInput>;

const templateInput = z.object({
  idempotencyKey,
  code: z.string().trim().regex(/^[A-Z0-9][A-Z0-9_-]{1,63}$/, 'use 2 to 64 capital letters, digits, _ or -'),
  name: z.string().trim().min(1).max(200),
  nameEn: z.string().trim().min(1).max(200),
  description: z.string().trim().max(2000).nullish(),
  siteKinds: z.array(z.enum(SITE_KINDS)).min(1),
  items: itemsInput,
});

export async function listTemplates(ctx: Ctx, siteKind?: string | null) {
  authorize(ctx, 'checklist:read');
  const qb = ctx.em.createQueryBuilder(ChecklistTemplate, 't').orderBy('t.code', 'ASC');
  if (siteKind) qb.where(':kind = ANY(t.site_kinds)', { kind: siteKind });
  return qb.getMany();
}

export async function getVersion(ctx: Ctx, id: string) {
  authorize(ctx, 'checklist:read');
  return (isUuid(id) && (await ctx.em.findOneBy(ChecklistVersion, { id }))) || null;
}

function checkItemKinds(items: ItemInput[], kinds: readonly string[], prefix: string) {
  items.forEach((it, i) => {
    const bad = it.siteKinds.find((k) => !kinds.includes(k));
    if (bad) throw badInput(`${prefix}.${i}.siteKinds`, `the checklist is not for ${bad} sites`);
  });
}

async function insertItems(tx: Ctx, versionId: string, items: ItemInput[]) {
  await tx.em.insert(
    ChecklistItem,
    items.map((it, position) => ({
      versionId,
      position,
      code: it.code,
      category: it.category,
      promptZh: it.promptZh,
      promptEn: it.promptEn,
      severity: it.severity,
      answerType: it.answerType,
      minValue: it.min ?? null,
      maxValue: it.max ?? null,
      unit: it.unit ?? null,
      choices: it.choices ?? [],
      evidenceRequired: it.evidenceRequired,
      weight: it.answerType === 'TEXT' ? 0 : it.weight, // TEXT answers are recorded, not scored
      siteKinds: it.siteKinds,
    })),
  );
}

/** A new template with version 1 as a DRAFT holding the given items. */
export async function createTemplate(ctx: Ctx, raw: unknown) {
  authorize(ctx, 'checklist:manage');
  const { idempotencyKey: key, ...input } = parse(templateInput, raw);
  checkItemKinds(input.items, input.siteKinds, 'input.items');
  return inTransaction(ctx, async (tx) => {
    const { resultId } = await idempotent(tx, 'createChecklistTemplate', key, input, async () => {
      if (await tx.em.findOneBy(ChecklistTemplate, { code: input.code })) throw conflict(`a checklist is already coded ${input.code}`, { field: 'input.code' });
      const t = await tx.em.save(tx.em.create(ChecklistTemplate, { code: input.code, name: input.name, nameEn: input.nameEn, description: input.description ?? null, siteKinds: input.siteKinds, createdById: tx.actor!.id }));
      const v = await tx.em.save(tx.em.create(ChecklistVersion, { templateId: t.id, number: 1, status: 'DRAFT', notes: null, publishedAt: null, publishedById: null }));
      await insertItems(tx, v.id, input.items);
      await recordAudit(tx, { action: 'checklist.create', entityType: 'ChecklistTemplate', entityId: t.id, after: { code: t.code, name: t.name, siteKinds: t.siteKinds, draftVersionId: v.id, itemCodes: input.items.map((i) => i.code) } });
      return t.id;
    });
    return tx.em.findOneByOrFail(ChecklistTemplate, { id: resultId });
  });
}

const draftInput = z.object({
  idempotencyKey,
  templateId: uuid,
  notes: z.string().trim().max(2000).nullish(),
  items: itemsInput.nullish(),
});

/**
 * Opens the next version as a DRAFT: with the given items, or a copy of the latest version's.
 * A template has at most one draft at a time.
 */
export async function draftVersion(ctx: Ctx, raw: unknown) {
  authorize(ctx, 'checklist:manage');
  const { idempotencyKey: key, ...input } = parse(draftInput, raw);
  return inTransaction(ctx, async (tx) => {
    const { resultId } = await idempotent(tx, 'draftChecklistVersion', key, input, async () => {
      const t = await tx.em.findOne(ChecklistTemplate, { where: { id: input.templateId }, lock: { mode: 'pessimistic_write' } });
      if (!t) throw notFound('checklist template', input.templateId);
      const versions = await tx.em.find(ChecklistVersion, { where: { templateId: t.id }, order: { number: 'DESC' } });
      if (versions.some((v) => v.status === 'DRAFT')) throw conflict('this checklist already has a draft; edit or publish it', { field: 'input.templateId' });
      let items: ItemInput[];
      if (input.items) items = input.items;
      else {
        const prev = await tx.em.find(ChecklistItem, { where: { versionId: versions[0].id }, order: { position: 'ASC' } });
        items = prev.map((p) => ({ code: p.code, category: p.category, promptZh: p.promptZh, promptEn: p.promptEn, severity: p.severity, answerType: p.answerType, min: p.minValue, max: p.maxValue, unit: p.unit, choices: p.choices, evidenceRequired: p.evidenceRequired, weight: p.weight, siteKinds: p.siteKinds as ItemInput['siteKinds'] }));
      }
      checkItemKinds(items, t.siteKinds, 'input.items');
      const v = await tx.em.save(tx.em.create(ChecklistVersion, { templateId: t.id, number: (versions[0]?.number ?? 0) + 1, status: 'DRAFT', notes: input.notes ?? null, publishedAt: null, publishedById: null }));
      await insertItems(tx, v.id, items);
      await recordAudit(tx, { action: 'checklist.draft', entityType: 'ChecklistVersion', entityId: v.id, after: { templateId: t.id, number: v.number, itemCodes: items.map((i) => i.code) } });
      return v.id;
    });
    return tx.em.findOneByOrFail(ChecklistVersion, { id: resultId });
  });
}

const updateDraftInput = z.object({ versionId: uuid, notes: z.string().trim().max(2000).nullish(), items: itemsInput });

/** Replaces the items of a DRAFT version. */
export async function updateDraft(ctx: Ctx, raw: unknown) {
  authorize(ctx, 'checklist:manage');
  const input = parse(updateDraftInput, raw);
  return inTransaction(ctx, async (tx) => {
    const v = await tx.em.findOne(ChecklistVersion, { where: { id: input.versionId }, lock: { mode: 'pessimistic_write' } });
    if (!v) throw notFound('checklist version', input.versionId);
    if (v.status !== 'DRAFT') throw new AppError('INVALID_TRANSITION', 'a published checklist version never changes; draft a new version', { from: v.status });
    const t = await tx.em.findOneByOrFail(ChecklistTemplate, { id: v.templateId });
    checkItemKinds(input.items, t.siteKinds, 'input.items');
    const before = await tx.em.find(ChecklistItem, { where: { versionId: v.id } });
    await tx.em.delete(ChecklistItem, { versionId: v.id });
    await insertItems(tx, v.id, input.items);
    if (input.notes !== undefined) await tx.em.update(ChecklistVersion, { id: v.id }, { notes: input.notes ?? null });
    await recordAudit(tx, { action: 'checklist.update-draft', entityType: 'ChecklistVersion', entityId: v.id, before: { itemCodes: before.map((i) => i.code) }, after: { itemCodes: input.items.map((i) => i.code) } });
    return tx.em.findOneByOrFail(ChecklistVersion, { id: v.id });
  });
}

const publishInput = z.object({ versionId: uuid });

/** Publishes a draft. From then on the database refuses any change to it or its items. */
export async function publishVersion(ctx: Ctx, raw: unknown) {
  authorize(ctx, 'checklist:manage');
  const input = parse(publishInput, raw);
  return inTransaction(ctx, async (tx) => {
    const v = await tx.em.findOne(ChecklistVersion, { where: { id: input.versionId }, lock: { mode: 'pessimistic_write' } });
    if (!v) throw notFound('checklist version', input.versionId);
    checkTransition(tx, CHECKLIST_VERSION_TRANSITIONS, 'checklist version', v.status, 'PUBLISHED');
    const publishedAt = tx.now();
    await tx.em.update(ChecklistVersion, { id: v.id }, { status: 'PUBLISHED', publishedAt, publishedById: tx.actor!.id });
    await recordAudit(tx, { action: 'checklist.publish', entityType: 'ChecklistVersion', entityId: v.id, before: { status: v.status }, after: { status: 'PUBLISHED', publishedAt } });
    return tx.em.findOneByOrFail(ChecklistVersion, { id: v.id });
  });
}
