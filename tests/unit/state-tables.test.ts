import { canMove, checkMove, type StateMachine } from '../../src/common/state-machine';
import { PERMISSIONS, type Permission } from '../../src/common/authorize';
import type { Actor, Ctx, Role } from '../../src/context';
import { CHECKLIST_VERSION_MACHINE } from '../../src/modules/checklist/checklist.state';
import { DISPUTE_MACHINE } from '../../src/modules/dispute/dispute.state';
import { FINDING_MACHINE, RECTIFICATION_MACHINE } from '../../src/modules/finding/finding.state';
import { INSPECTION_MACHINE } from '../../src/modules/inspection/inspection.state';
import { SITE_MACHINE } from '../../src/modules/site/site.state';
import { VERIFICATION_MACHINE } from '../../src/modules/verification/verification.state';

/*
 * The state tables, move by move: every move listed here (null: creating a record in that state)
 * is allowed to exactly the holders of these permissions, and every other pair of states (a state
 * to itself included, and creation in any other state) is refused. The lists are written out
 * from the workflows the README describes, not derived from the tables.
 */
type Spec = { name: string; machine: StateMachine<string>; states: string[]; allowed: [string | null, string, Permission[]][] };

const SPECS: Spec[] = [
  {
    name: 'checklist version',
    machine: CHECKLIST_VERSION_MACHINE,
    states: ['DRAFT', 'PUBLISHED'],
    allowed: [
      [null, 'DRAFT', ['checklist:manage']],
      ['DRAFT', 'PUBLISHED', ['checklist:manage']],
    ],
  },
  {
    name: 'dispute',
    machine: DISPUTE_MACHINE,
    states: ['LODGED', 'UNDER_REVIEW', 'RESOLVED', 'WITHDRAWN'],
    allowed: [
      [null, 'LODGED', ['dispute:lodge']],
      [null, 'RESOLVED', ['dispute:record']], // a site conflict, recorded once mediated
      ['LODGED', 'UNDER_REVIEW', ['dispute:assign']],
      ['LODGED', 'WITHDRAWN', ['dispute:lodge']],
      ['UNDER_REVIEW', 'UNDER_REVIEW', ['dispute:assign']], // handed to another reviewer
      ['UNDER_REVIEW', 'RESOLVED', ['dispute:resolve']],
      ['UNDER_REVIEW', 'WITHDRAWN', ['dispute:lodge']],
    ],
  },
  {
    name: 'finding',
    machine: FINDING_MACHINE,
    states: ['OPEN', 'RECTIFICATION_SUBMITTED', 'VERIFIED', 'DISPUTED', 'WITHDRAWN'],
    allowed: [
      [null, 'OPEN', ['finding:raise']],
      ['OPEN', 'RECTIFICATION_SUBMITTED', ['finding:rectify']],
      ['OPEN', 'DISPUTED', ['dispute:lodge']],
      ['RECTIFICATION_SUBMITTED', 'VERIFIED', ['finding:verify']],
      ['RECTIFICATION_SUBMITTED', 'OPEN', ['finding:verify']],
      ['RECTIFICATION_SUBMITTED', 'DISPUTED', ['dispute:lodge']],
      // back where it was: the reviewer's decision, or the site withdrawing its dispute
      ['DISPUTED', 'OPEN', ['dispute:resolve', 'dispute:lodge']],
      ['DISPUTED', 'RECTIFICATION_SUBMITTED', ['dispute:resolve', 'dispute:lodge']],
      ['DISPUTED', 'WITHDRAWN', ['dispute:resolve']],
    ],
  },
  {
    name: 'rectification',
    machine: RECTIFICATION_MACHINE,
    states: ['SUBMITTED', 'ACCEPTED', 'REJECTED'],
    allowed: [
      [null, 'SUBMITTED', ['finding:rectify']],
      ['SUBMITTED', 'ACCEPTED', ['finding:verify']],
      ['SUBMITTED', 'REJECTED', ['finding:verify']],
    ],
  },
  {
    name: 'inspection',
    machine: INSPECTION_MACHINE,
    states: ['SCHEDULED', 'IN_PROGRESS', 'SUBMITTED', 'CLOSED', 'CANCELLED'],
    allowed: [
      [null, 'SCHEDULED', ['inspection:schedule']],
      [null, 'IN_PROGRESS', ['inspection:file']], // an unscheduled visit filed by its team
      ['SCHEDULED', 'IN_PROGRESS', ['inspection:file']],
      ['SCHEDULED', 'CANCELLED', ['inspection:schedule']],
      ['IN_PROGRESS', 'SUBMITTED', ['inspection:file']],
      ['IN_PROGRESS', 'CANCELLED', ['inspection:schedule']],
      ['SUBMITTED', 'CLOSED', ['inspection:close']],
    ],
  },
  {
    name: 'site',
    machine: SITE_MACHINE,
    states: ['ACTIVE', 'CLOSED'],
    allowed: [
      [null, 'ACTIVE', ['site:create']],
      ['ACTIVE', 'CLOSED', ['site:close']],
      ['CLOSED', 'ACTIVE', ['site:close']],
    ],
  },
  {
    name: 'verification task',
    machine: VERIFICATION_MACHINE,
    states: ['RECEIVED', 'ROUTED', 'VERIFYING', 'ANSWERED'],
    allowed: [
      [null, 'RECEIVED', ['verification:import']],
      [null, 'ROUTED', ['verification:import']], // imported with its unit named
      ['RECEIVED', 'ROUTED', ['verification:route']],
      ['ROUTED', 'ROUTED', ['verification:route']], // re-routing until work starts
      ['ROUTED', 'VERIFYING', ['verification:verify']],
      ['VERIFYING', 'ANSWERED', ['verification:answer']],
    ],
  },
];

const ROLES: Role[] = ['ADMIN', 'COMMAND', 'INSPECTOR', 'FACILITY_MANAGER', 'FACILITY_STAFF', 'REVIEWER'];
const actor = (role: Role): Actor => ({ id: '00000000-0000-4000-8000-000000000001', username: 'u', role, agencyId: null, teamIds: [], siteIds: [] });
// checkMove reads only the actor from the context.
const ctxOf = (role: Role) => ({ actor: actor(role) }) as unknown as Ctx;
const codeOf = (f: () => unknown): string | null => {
  try {
    f();
    return null;
  } catch (e) {
    return (e as { code?: string; extensions?: { code?: string } }).extensions?.code ?? (e as { code?: string }).code ?? String(e);
  }
};
const holds = (role: Role, perms: Permission[]) => perms.some((p) => (PERMISSIONS[p] as readonly Role[]).includes(role));

describe.each(SPECS)('$name', ({ machine, states, allowed }) => {
  it('has exactly these states', () => {
    expect(Object.keys(machine.moves).sort()).toEqual([...states].sort());
  });

  const pairs = [null, ...states].flatMap((from) => states.map((to) => [from, to] as const));
  const rule = (from: string | null, to: string) => allowed.find(([f, t]) => f === from && t === to);

  it.each(pairs.filter(([f, t]) => rule(f, t)).map(([f, t]) => [f ?? '(new)', t, rule(f, t)![2].join(' or ')]))('%s → %s is allowed with %s, to those roles only', (fromLabel, to) => {
    const from = fromLabel === '(new)' ? null : fromLabel;
    const perms = rule(from, to)![2];
    expect(canMove(machine, from, to)).toBe(true);
    for (const role of ROLES) {
      const code = codeOf(() => checkMove(ctxOf(role), machine, from, to));
      expect({ role, code }).toEqual({ role, code: holds(role, perms) ? null : 'FORBIDDEN' });
      if (holds(role, perms)) expect(perms).toContain(checkMove(ctxOf(role), machine, from, to));
    }
  });

  it.each(pairs.filter(([f, t]) => !rule(f, t)).map(([f, t]) => [f ?? '(new)', t]))('%s → %s is refused, whoever asks', (fromLabel, to) => {
    const from = fromLabel === '(new)' ? null : fromLabel;
    expect(canMove(machine, from, to)).toBe(false);
    for (const role of ROLES) expect({ role, code: codeOf(() => checkMove(ctxOf(role), machine, from, to)) }).toEqual({ role, code: 'INVALID_TRANSITION' });
  });

  it('refuses a state it does not know', () => {
    expect(canMove(machine, 'NO_SUCH_STATE', states[0])).toBe(false);
    expect(canMove(machine, null, 'NO_SUCH_STATE')).toBe(false);
    expect(codeOf(() => checkMove(ctxOf('ADMIN'), machine, 'NO_SUCH_STATE', states[0]))).toBe('INVALID_TRANSITION');
  });
});

it('a move without an actor is UNAUTHENTICATED', () => {
  expect(codeOf(() => checkMove({ actor: null } as unknown as Ctx, SITE_MACHINE, 'ACTIVE', 'CLOSED'))).toBe('UNAUTHENTICATED');
});

it('a facility manager moving another site’s record gets NOT_FOUND (the scope is checked with the move)', () => {
  const ctx = { actor: { ...actor('FACILITY_MANAGER'), siteIds: ['a'] } } as unknown as Ctx;
  expect(codeOf(() => checkMove(ctx, FINDING_MACHINE, 'OPEN', 'RECTIFICATION_SUBMITTED', { siteId: 'b' }))).toBe('NOT_FOUND');
  expect(codeOf(() => checkMove(ctx, FINDING_MACHINE, 'OPEN', 'RECTIFICATION_SUBMITTED', { siteId: 'a' }))).toBeNull();
});
