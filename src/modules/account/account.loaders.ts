import DataLoader from 'dataloader';
import { In } from 'typeorm';
import { byKey, groupByKey, loader } from '../../common/loaders';
import { Account } from './account.entity';
import { Agency } from './agency.entity';
import { InspectionTeam, TeamMember } from './inspection-team.entity';

export const accountsById = loader((ctx) => new DataLoader<string, Account | null>(async (ids) => byKey(ids, await ctx.em.find(Account, { where: { id: In([...ids]) } }), (a) => a.id)));

export const agenciesById = loader((ctx) => new DataLoader<string, Agency | null>(async (ids) => byKey(ids, await ctx.em.find(Agency, { where: { id: In([...ids]) } }), (a) => a.id)));

export const teamsById = loader((ctx) => new DataLoader<string, InspectionTeam | null>(async (ids) => byKey(ids, await ctx.em.find(InspectionTeam, { where: { id: In([...ids]) } }), (t) => t.id)));

export const membersByTeamId = loader(
  (ctx) => new DataLoader<string, TeamMember[]>(async (ids) => groupByKey(ids, await ctx.em.find(TeamMember, { where: { teamId: In([...ids]) }, order: { joinedAt: 'ASC', accountId: 'ASC' } }), (m) => m.teamId)),
);

export const membershipsByAccountId = loader(
  (ctx) => new DataLoader<string, TeamMember[]>(async (ids) => groupByKey(ids, await ctx.em.find(TeamMember, { where: { accountId: In([...ids]) } }), (m) => m.accountId)),
);
