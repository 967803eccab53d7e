import { canMove, checkTransition, type TransitionTable } from '../../src/common/state-machine';
import { PERMISSIONS, type Permission } from '../../src/common/authorize';
import type { Actor, Ctx, Role } from '../../src/context';
import { CHECKLIST_VERSION_TRANSITIONS } from '../../src/modules/checklist/checklist.state';
import { DISPUTE_TRANSITIONS } from '../../src/modules/dispute/dispute.state';
import { FINDING_TRANSITIONS } from '../../src/modules/finding/finding.state';
import { INSPECTION_TRANSITIONS } from '../../src/modules/inspection/inspection.state';
import { SITE_TRANSITIONS } from '../../src/modules/site/site.state';
import { VERIFICATION_TRANSITIONS } from '../../src/modules/verification/verification.state';

/*
 * The state tables, move by move: every move listed here is allowed with exactly this
 * permission, and every other pair of states (a state to itself included) is refused. The
 * lists are written out from the workflows the README describes, not derived from the tables.
 */
type Spec = { name: string; table: TransitionTable<string>; states: string[]; allowed: [string, string, Permission][] };

const SPECS: Spec[] = [
  {
    name: 'checklist version',
    table: CHECKLIST_VERSION_TRANSITIONS,
    states: ['DRAFT', 'PUBLISHED'],
    allowed: [['DRAFT', 'PUBLISHED', 'checklist:manage']],
  },
  {
    name: 'dispute',
    table: DISPUTE_TRANSITIONS,
    states: ['LODGED', 'UNDER_REVIEW', 'RESOLVED', 'WITHDRAWN'],
    allowed: [
      ['LODGED', 'UNDER_REVIEW', 'dispute:assign'],
      ['LODGED', 'WITHDRAWN', 'dispute:lodge'],
      ['UNDER_REVIEW', 'RESOLVED', 'dispute:resolve'],
      ['UNDER_REVIEW', 'WITHDRAWN', 'dispute:lodge'],
    ],
  },
  {
    name: 'finding',
    table: FINDING_TRANSITIONS,
    states: ['OPEN', 'RECTIFICATION_SUBMITTED', 'VERIFIED', 'DISPUTED', 'WITHDRAWN'],
    allowed: [
      ['OPEN', 'RECTIFICATION_SUBMITTED', 'finding:rectify'],
      ['OPEN', 'DISPUTED', 'dispute:lodge'],
      ['RECTIFICATION_SUBMITTED', 'VERIFIED', 'finding:verify'],
      ['RECTIFICATION_SUBMITTED', 'OPEN', 'finding:verify'],
      ['RECTIFICATION_SUBMITTED', 'DISPUTED', 'dispute:lodge'],
      ['DISPUTED', 'OPEN', 'dispute:resolve'],
      ['DISPUTED', 'RECTIFICATION_SUBMITTED', 'dispute:resolve'],
      ['DISPUTED', 'WITHDRAWN', 'dispute:resolve'],
    ],
  },
  {
    name: 'inspection',
    table: INSPECTION_TRANSITIONS,
    states: ['SCHEDULED', 'IN_PROGRESS', 'SUBMITTED', 'CLOSED', 'CANCELLED'],
    allowed: [
      ['SCHEDULED', 'IN_PROGRESS', 'inspection:file'],
      ['SCHEDULED', 'CANCELLED', 'inspection:schedule'],
      ['IN_PROGRESS', 'SUBMITTED', 'inspection:file'],
      ['IN_PROGRESS', 'CANCELLED', 'inspection:schedule'],
      ['SUBMITTED', 'CLOSED', 'inspection:close'],
    ],
  },
  {
    name: 'site',
    table: SITE_TRANSITIONS,
    states: ['ACTIVE', 'CLOSED'],
    allowed: [
      ['ACTIVE', 'CLOSED', 'site:close'],
      ['CLOSED', 'ACTIVE', 'site:close'],
    ],
  },
  {
    name: 'verification task',
    table: VERIFICATION_TRANSITIONS,
    states: ['RECEIVED', 'ROUTED', 'VERIFYING', 'ANSWERED'],
    allowed: [
      ['RECEIVED', 'ROUTED', 'verification:route'],
      ['ROUTED', 'ROUTED', 'verification:route'], // re-routing until work starts
      ['ROUTED', 'VERIFYING', 'verification:verify'],
      ['VERIFYING', 'ANSWERED', 'verification:answer'],
    ],
  },
];

const ROLES: Role[] = ['ADMIN', 'COMMAND', 'INSPECTOR', 'FACILITY_MANAGER', 'FACILITY_STAFF', 'REVIEWER'];
const actor = (role: Role): Actor => ({ id: '00000000-0000-4000-8000-000000000001', username: 'u', role, agencyId: null, teamIds: [], siteIds: [] });
// checkTransition reads only the actor from the context.
const ctxOf = (role: Role) => ({ actor: actor(role) }) as unknown as Ctx;
const codeOf = (f: () => unknown): string | null => {
  try {
    f();
    return null;
  } catch (e) {
    return (e as { code?: string; extensions?: { code?: string } }).extensions?.code ?? (e as { code?: string }).code ?? String(e);
  }
};

describe.each(SPECS)('$name', ({ table, states, allowed }) => {
  it('has exactly these states', () => {
    expect(Object.keys(table).sort()).toEqual([...states].sort());
  });

  const pairs = states.flatMap((from) => states.map((to) => [from, to] as const));
  const isAllowed = (from: string, to: string) => allowed.find(([f, t]) => f === from && t === to);

  it.each(pairs.filter(([f, t]) => isAllowed(f, t)).map(([f, t]) => [f, t, isAllowed(f, t)![2]]))('%s → %s is allowed with %s, to those roles only', (from, to, perm) => {
    expect(canMove(table, from, to)).toBe(true);
    for (const role of ROLES) {
      const holds = (PERMISSIONS[perm as Permission] as readonly Role[]).includes(role);
      const code = codeOf(() => checkTransition(ctxOf(role), table, 'record', from, to));
      expect({ role, code }).toEqual({ role, code: holds ? null : 'FORBIDDEN' });
      if (holds) expect(checkTransition(ctxOf(role), table, 'record', from, to)).toBe(perm);
    }
  });

  it.each(pairs.filter(([f, t]) => !isAllowed(f, t)))('%s → %s is refused, whoever asks', (from, to) => {
    expect(canMove(table, from, to)).toBe(false);
    for (const role of ROLES) expect({ role, code: codeOf(() => checkTransition(ctxOf(role), table, 'record', from, to)) }).toEqual({ role, code: 'INVALID_TRANSITION' });
  });

  it('refuses a state it does not know', () => {
    expect(canMove(table, 'NO_SUCH_STATE', states[0])).toBe(false);
    expect(codeOf(() => checkTransition(ctxOf('ADMIN'), table, 'record', 'NO_SUCH_STATE', states[0]))).toBe('INVALID_TRANSITION');
  });
});

it('a move without an actor is UNAUTHENTICATED', () => {
  expect(codeOf(() => checkTransition({ actor: null } as unknown as Ctx, SITE_TRANSITIONS, 'site', 'ACTIVE', 'CLOSED'))).toBe('UNAUTHENTICATED');
});
