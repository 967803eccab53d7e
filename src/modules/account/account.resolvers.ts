import type { Ctx } from '../../context';
import type { Resolvers } from '../../generated/graphql';
import type { AuditEvent } from '../audit/audit-event.entity';
import type { Account } from './account.entity';
import type { Agency } from './agency.entity';
import type { InspectionTeam, TeamMember } from './inspection-team.entity';
import { accountsById, agenciesById, membersByTeamId, membershipsByAccountId, teamsById } from './account.loaders';
import * as accounts from './account.service';
import { login } from './auth.service';
import { deactivateSiteStaff, listSiteStaff, reactivateSiteStaff, registerSiteStaff } from './site-staff.service';

type Args<T = Record<string, unknown>> = T;

export const accountResolvers = {
  Query: {
    me: (_: unknown, __: Args, ctx: Ctx) => accounts.me(ctx),
    accounts: (_: unknown, a: Args<{ role?: string | null }>, ctx: Ctx) => accounts.listAccounts(ctx, a.role),
    agencies: (_: unknown, __: Args, ctx: Ctx) => accounts.listAgencies(ctx),
    inspectionTeams: (_: unknown, __: Args, ctx: Ctx) => accounts.listTeams(ctx),
    inspectionTeam: (_: unknown, a: Args<{ id: string }>, ctx: Ctx) => accounts.getTeam(ctx, a.id),
    siteStaff: (_: unknown, a: Args<{ siteId: string }>, ctx: Ctx) => listSiteStaff(ctx, a.siteId),
  },
  Mutation: {
    login: async (_: unknown, a: Args<{ input: unknown }>, ctx: Ctx) => {
      const r = await login(ctx, a.input);
      return { token: r.token, expiresAt: r.expiresAt, account: (await accountsById(ctx).load(r.accountId)) as Account };
    },
    createAgency: (_: unknown, a: Args<{ input: unknown }>, ctx: Ctx) => accounts.createAgency(ctx, a.input),
    createAccount: (_: unknown, a: Args<{ input: unknown }>, ctx: Ctx) => accounts.createAccount(ctx, a.input),
    setAccountActive: (_: unknown, a: Args<{ input: unknown }>, ctx: Ctx) => accounts.setAccountActive(ctx, a.input),
    createInspectionTeam: (_: unknown, a: Args<{ input: unknown }>, ctx: Ctx) => accounts.createInspectionTeam(ctx, a.input),
    addTeamMember: (_: unknown, a: Args<{ input: unknown }>, ctx: Ctx) => accounts.addTeamMember(ctx, a.input),
    removeTeamMember: (_: unknown, a: Args<{ input: unknown }>, ctx: Ctx) => accounts.removeTeamMember(ctx, a.input),
    registerSiteStaff: (_: unknown, a: Args<{ input: unknown }>, ctx: Ctx) => registerSiteStaff(ctx, a.input),
    deactivateSiteStaff: (_: unknown, a: Args<{ input: unknown }>, ctx: Ctx) => deactivateSiteStaff(ctx, a.input),
    reactivateSiteStaff: (_: unknown, a: Args<{ input: unknown }>, ctx: Ctx) => reactivateSiteStaff(ctx, a.input),
  },
  Account: {
    agency: (a: Account, _: Args, ctx: Ctx) => (a.agencyId ? agenciesById(ctx).load(a.agencyId) : null),
    teams: async (a: Account, _: Args, ctx: Ctx) => {
      const ms = await membershipsByAccountId(ctx).loadMany([a.id]).then((r) => r[0] as TeamMember[]);
      return (await teamsById(ctx).loadMany(ms.map((m) => m.teamId))).filter(Boolean) as InspectionTeam[];
    },
  },
  InspectionTeam: {
    leader: (t: InspectionTeam, _: Args, ctx: Ctx) => accountsById(ctx).load(t.leaderId) as Promise<Account>,
    members: async (t: InspectionTeam, _: Args, ctx: Ctx) => (await membersByTeamId(ctx).load(t.id)).map((m) => ({ ...m, isLeader: m.accountId === t.leaderId })),
    agencies: async (t: InspectionTeam, _: Args, ctx: Ctx) => {
      const members = await membersByTeamId(ctx).load(t.id);
      const accs = (await accountsById(ctx).loadMany(members.map((m) => m.accountId))) as (Account | null)[];
      const ids = [...new Set(accs.map((a) => a?.agencyId).filter((x): x is string => !!x))];
      return (await agenciesById(ctx).loadMany(ids)).filter(Boolean) as Agency[];
    },
  },
  /** The audit module's AuditEvent, whose actor is an account. */
  AuditEvent: {
    actor: (e: AuditEvent, _: unknown, ctx: Ctx) => (e.actorId ? accountsById(ctx).load(e.actorId) : null),
  },
  TeamMember: {
    account: (m: TeamMember, _: Args, ctx: Ctx) => accountsById(ctx).load(m.accountId) as Promise<Account>,
  },
} satisfies Resolvers;
