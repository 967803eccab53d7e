import { z } from 'zod';
import { parse, uuid } from '../../common/validation';
import type { Ctx } from '../../context';
import { ROLES } from '../../context';
import { authorize, requireActor } from '../../common/authorize';
import { AppError, notFound } from '../../common/errors';
import { inTransaction } from '../../common/transaction';
import { recordAudit } from '../audit/audit.service';
import { Account } from './account.entity';
import { AGENCY_KINDS, Agency } from './agency.entity';
import { InspectionTeam, TEAM_KINDS, TeamMember } from './inspection-team.entity';
import { hashPassword } from './auth.service';

export const me = (ctx: Ctx) => (ctx.actor ? ctx.em.findOneBy(Account, { id: ctx.actor.id }) : null);

export async function listAccounts(ctx: Ctx, role?: string | null) {
  authorize(ctx, 'account:read');
  return ctx.em.find(Account, { where: role ? { role: role as Account['role'] } : {}, order: { username: 'ASC' } });
}

export async function listAgencies(ctx: Ctx) {
  requireActor(ctx);
  return ctx.em.find(Agency, { order: { code: 'ASC' } });
}

export async function listTeams(ctx: Ctx) {
  requireActor(ctx);
  return ctx.em.find(InspectionTeam, { order: { name: 'ASC' } });
}

export async function getTeam(ctx: Ctx, id: string) {
  requireActor(ctx);
  return (uuid.safeParse(id).success && (await ctx.em.findOneBy(InspectionTeam, { id }))) || null;
}

const agencyInput = z.object({
  code: z.string().trim().regex(/^[A-Z0-9_-]{2,32}$/, 'use 2 to 32 capital letters, digits, _ or -'),
  name: z.string().trim().min(1).max(200),
  kind: z.enum(AGENCY_KINDS),
});

export async function createAgency(ctx: Ctx, raw: unknown) {
  authorize(ctx, 'account:manage');
  const input = parse(agencyInput, raw);
  return inTransaction(ctx, async (tx) => {
    if (await tx.em.findOneBy(Agency, { code: input.code })) throw new AppError('CONFLICT', `agency code ${input.code} is taken`, { field: 'input.code' });
    const agency = await tx.em.save(tx.em.create(Agency, input));
    await recordAudit(tx, { action: 'agency.create', entityType: 'Agency', entityId: agency.id, after: { ...input } });
    return agency;
  });
}

const accountInput = z.object({
  username: z.string().trim().toLowerCase().regex(/^[a-z0-9_.-]{3,64}$/, 'use 3 to 64 letters, digits, _ . or -'),
  displayName: z.string().trim().min(1).max(200),
  password: z.string().min(8, 'at least 8 characters').max(1024),
  role: z.enum(ROLES),
  agencyId: uuid.nullish(),
});

export async function createAccount(ctx: Ctx, raw: unknown) {
  authorize(ctx, 'account:manage');
  const input = parse(accountInput, raw);
  // A staff account without a site would see nothing: staff come only with their site.
  if (input.role === 'FACILITY_STAFF') throw new AppError('BAD_USER_INPUT', 'register staff with registerSiteStaff, which binds them to their site', { field: 'input.role' });
  const passwordHash = await hashPassword(input.password);
  return inTransaction(ctx, async (tx) => {
    if (input.agencyId && !(await tx.em.findOneBy(Agency, { id: input.agencyId }))) throw new AppError('BAD_USER_INPUT', 'no such agency', { field: 'input.agencyId' });
    if (await tx.em.findOneBy(Account, { username: input.username })) throw new AppError('CONFLICT', `username ${input.username} is taken`, { field: 'input.username' });
    const account = await tx.em.save(tx.em.create(Account, { username: input.username, displayName: input.displayName, role: input.role, agencyId: input.agencyId ?? null, passwordHash }));
    await recordAudit(tx, { action: 'account.create', entityType: 'Account', entityId: account.id, after: { username: account.username, displayName: account.displayName, role: account.role, agencyId: account.agencyId } });
    return account;
  });
}

const activeInput = z.object({ accountId: uuid, active: z.boolean() });

export async function setAccountActive(ctx: Ctx, raw: unknown) {
  authorize(ctx, 'account:manage');
  const input = parse(activeInput, raw);
  return inTransaction(ctx, async (tx) => {
    const before = await tx.em.findOne(Account, { where: { id: input.accountId }, lock: { mode: 'pessimistic_write' } });
    if (!before) throw notFound('account', input.accountId);
    if (before.id === tx.actor!.id && !input.active) throw new AppError('BAD_USER_INPUT', 'you cannot deactivate yourself', { field: 'input.accountId' });
    await tx.em.update(Account, { id: before.id }, { active: input.active });
    await recordAudit(tx, { action: input.active ? 'account.activate' : 'account.deactivate', entityType: 'Account', entityId: before.id, before: { active: before.active }, after: { active: input.active } });
    return tx.em.findOneByOrFail(Account, { id: before.id });
  });
}

const teamInput = z.object({
  name: z.string().trim().min(1).max(200),
  kind: z.enum(TEAM_KINDS).nullish().transform((k) => k ?? 'INSPECTION'),
  leaderId: uuid,
  memberIds: z.array(uuid).max(100).default([]),
});

export async function createInspectionTeam(ctx: Ctx, raw: unknown) {
  authorize(ctx, 'account:manage');
  const input = parse(teamInput, raw);
  const memberIds = [...new Set([input.leaderId, ...input.memberIds])];
  return inTransaction(ctx, async (tx) => {
    const members = await tx.em.createQueryBuilder(Account, 'a').where('a.id IN (:...ids)', { ids: memberIds }).getMany();
    for (const id of memberIds) {
      const m = members.find((a) => a.id === id);
      const field = id === input.leaderId ? 'input.leaderId' : 'input.memberIds';
      if (!m) throw new AppError('BAD_USER_INPUT', `no account ${id}`, { field });
      if (m.role !== 'INSPECTOR') throw new AppError('BAD_USER_INPUT', `${m.username} is ${m.role}; team members are inspectors`, { field });
    }
    if (await tx.em.findOneBy(InspectionTeam, { name: input.name })) throw new AppError('CONFLICT', `a team is already called ${input.name}`, { field: 'input.name' });
    const team = await tx.em.save(tx.em.create(InspectionTeam, { name: input.name, kind: input.kind, leaderId: input.leaderId }));
    await tx.em.insert(TeamMember, memberIds.map((accountId) => ({ teamId: team.id, accountId })));
    await recordAudit(tx, { action: 'team.create', entityType: 'InspectionTeam', entityId: team.id, after: { name: team.name, kind: team.kind, leaderId: team.leaderId, memberIds } });
    return team;
  });
}

const memberInput = z.object({ teamId: uuid, accountId: uuid });

export async function addTeamMember(ctx: Ctx, raw: unknown) {
  authorize(ctx, 'account:manage');
  const input = parse(memberInput, raw);
  return inTransaction(ctx, async (tx) => {
    const team = await tx.em.findOneBy(InspectionTeam, { id: input.teamId });
    if (!team) throw notFound('team', input.teamId);
    const acc = await tx.em.findOneBy(Account, { id: input.accountId });
    if (!acc) throw new AppError('BAD_USER_INPUT', `no account ${input.accountId}`, { field: 'input.accountId' });
    if (acc.role !== 'INSPECTOR') throw new AppError('BAD_USER_INPUT', `${acc.username} is ${acc.role}; team members are inspectors`, { field: 'input.accountId' });
    const r = await tx.em.createQueryBuilder().insert().into(TeamMember).values({ teamId: team.id, accountId: acc.id }).orIgnore().execute();
    if ((r.raw as unknown[]).length > 0) await recordAudit(tx, { action: 'team.add-member', entityType: 'InspectionTeam', entityId: team.id, after: { accountId: acc.id } });
    return team;
  });
}

export async function removeTeamMember(ctx: Ctx, raw: unknown) {
  authorize(ctx, 'account:manage');
  const input = parse(memberInput, raw);
  return inTransaction(ctx, async (tx) => {
    const team = await tx.em.findOneBy(InspectionTeam, { id: input.teamId });
    if (!team) throw notFound('team', input.teamId);
    if (team.leaderId === input.accountId) throw new AppError('BAD_USER_INPUT', 'the leader cannot leave the team; name another leader first', { field: 'input.accountId' });
    const r = await tx.em.delete(TeamMember, { teamId: team.id, accountId: input.accountId });
    if (!r.affected) throw new AppError('NOT_FOUND', 'that account is not a member of this team');
    await recordAudit(tx, { action: 'team.remove-member', entityType: 'InspectionTeam', entityId: team.id, before: { accountId: input.accountId } });
    return team;
  });
}
