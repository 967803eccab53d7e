import type { Actor, Role } from '../../src/context';
import { attachmentReadSql, feedEventAccess, mayRead, mayWrite, siteScope, type AccessRecord } from '../../src/common/access';

/*
 * The access policy's pure functions (src/common/access.ts), role by role, on a record of the
 * actor's own site / team / agency and on a foreign one. tests/integration/access-matrix.test.ts
 * checks the same rules through the real API.
 */

const OWN_SITE = '00000000-0000-4000-8000-00000000000a';
const FOREIGN_SITE = '00000000-0000-4000-8000-00000000000b';
const OWN_TEAM = '00000000-0000-4000-8000-0000000000a1';
const FOREIGN_TEAM = '00000000-0000-4000-8000-0000000000b1';
const OWN_AGENCY = '00000000-0000-4000-8000-0000000000a2';
const FOREIGN_AGENCY = '00000000-0000-4000-8000-0000000000b2';

const actor = (role: Role): Actor => ({
  id: `${role.toLowerCase()}-id`,
  username: role.toLowerCase(),
  role,
  agencyId: role === 'INSPECTOR' ? OWN_AGENCY : null,
  teamIds: role === 'INSPECTOR' ? [OWN_TEAM] : [],
  siteIds: role === 'FACILITY_MANAGER' || role === 'FACILITY_STAFF' ? [OWN_SITE] : [],
});
const ROLES: Role[] = ['ADMIN', 'COMMAND', 'INSPECTOR', 'FACILITY_MANAGER', 'FACILITY_STAFF', 'REVIEWER'];

/** own / foreign record of each kind; an inspector "inspects" only the own site. */
const records = (own: boolean): Record<string, AccessRecord> => {
  const siteId = own ? OWN_SITE : FOREIGN_SITE;
  return {
    Site: { kind: 'Site', siteId },
    Inspection: { kind: 'Inspection', siteId },
    Finding: { kind: 'Finding', siteId },
    Rectification: { kind: 'Rectification', siteId },
    Dispute: { kind: 'Dispute', siteId },
    DisinfectionEntry: { kind: 'DisinfectionEntry', siteId, inspected: own },
    FindingPhoto: { kind: 'Attachment', uploadedBy: 'someone-else', attachedTo: [{ kind: 'Finding', siteId }] },
    DisinfectionPhoto: { kind: 'Attachment', uploadedBy: 'someone-else', attachedTo: [{ kind: 'DisinfectionEntry', siteId, inspected: own }] },
    Checklist: { kind: 'Checklist' },
    Account: { kind: 'Account' },
    SiteStaff: { kind: 'SiteStaff', siteIds: [siteId] },
    CheckpointTally: { kind: 'CheckpointTally', siteId },
    VerificationTask: { kind: 'VerificationTask', routedUnitId: own ? OWN_AGENCY : FOREIGN_AGENCY },
    Supply: { kind: 'Supply', siteId },
    FieldOperation: { kind: 'FieldOperation' },
    AuditEvent: { kind: 'AuditEvent' },
    Report: { kind: 'Report' },
    FindingEvent: { kind: 'HubEvent', eventKind: 'CRITICAL_FINDING_RAISED', siteId },
    ComplianceEvent: { kind: 'HubEvent', eventKind: 'SITE_OUT_OF_COMPLIANCE', siteId, inspected: own },
  };
};

// Columns: ADMIN, COMMAND, INSPECTOR, FACILITY_MANAGER, FACILITY_STAFF, REVIEWER. Cell: own/foreign, 1 = may read.
const READ: Record<string, [string, string, string, string, string, string]> = {
  //                  ADMIN   COMMAND  INSPECTOR  MANAGER  STAFF   REVIEWER
  Site:              ['11',   '11',    '11',      '10',    '10',   '11'],
  Inspection:        ['11',   '11',    '11',      '10',    '00',   '11'],
  Finding:           ['11',   '11',    '11',      '10',    '00',   '11'],
  Rectification:     ['11',   '11',    '11',      '10',    '00',   '11'],
  Dispute:           ['11',   '11',    '11',      '10',    '00',   '11'],
  DisinfectionEntry: ['11',   '11',    '10',      '10',    '10',   '11'],
  FindingPhoto:      ['11',   '11',    '11',      '10',    '00',   '11'],
  DisinfectionPhoto: ['11',   '11',    '10',      '10',    '10',   '11'],
  Checklist:         ['11',   '11',    '11',      '11',    '00',   '11'],
  Account:           ['11',   '11',    '00',      '00',    '00',   '11'],
  SiteStaff:         ['11',   '11',    '00',      '10',    '00',   '11'],
  CheckpointTally:   ['11',   '11',    '11',      '10',    '00',   '11'],
  VerificationTask:  ['11',   '11',    '10',      '00',    '00',   '11'],
  Supply:            ['11',   '11',    '11',      '10',    '00',   '11'],
  FieldOperation:    ['11',   '11',    '00',      '00',    '00',   '11'],
  AuditEvent:        ['11',   '00',    '00',      '00',    '00',   '11'],
  Report:            ['11',   '11',    '00',      '00',    '00',   '11'],
  FindingEvent:      ['11',   '11',    '11',      '10',    '00',   '11'],
  ComplianceEvent:   ['11',   '11',    '10',      '10',    '10',   '11'],
};

const WRITE: Record<string, [string, string, string, string, string, string]> = {
  //                  ADMIN   COMMAND  INSPECTOR  MANAGER  STAFF   REVIEWER
  Site:              ['11',   '11',    '00',      '10',    '00',   '00'],
  Inspection:        ['00',   '00',    '10',      '00',    '00',   '00'],
  Finding:           ['00',   '00',    '10',      '00',    '00',   '00'],
  Rectification:     ['00',   '00',    '00',      '10',    '00',   '00'],
  Dispute:           ['00',   '00',    '00',      '10',    '00',   '00'],
  DisinfectionEntry: ['00',   '00',    '00',      '10',    '10',   '00'],
  Checklist:         ['11',   '00',    '00',      '00',    '00',   '00'],
  Account:           ['11',   '00',    '00',      '00',    '00',   '00'],
  SiteStaff:         ['11',   '00',    '00',      '10',    '00',   '00'],
  CheckpointTally:   ['00',   '11',    '11',      '00',    '00',   '00'],
  VerificationTask:  ['00',   '11',    '10',      '00',    '00',   '00'],
  Supply:            ['11',   '11',    '00',      '00',    '00',   '00'],
  FieldOperation:    ['11',   '11',    '00',      '00',    '00',   '00'],
  AuditEvent:        ['00',   '00',    '00',      '00',    '00',   '00'],
};

const cell = (f: (own: boolean) => boolean) => `${+f(true)}${+f(false)}`;

describe('mayRead: role × record × own/foreign', () => {
  it('matches the table', () => {
    const actual = Object.fromEntries(Object.keys(READ).map((k) => [k, ROLES.map((role) => cell((own) => mayRead(actor(role), records(own)[k])))]));
    expect(actual).toEqual(READ);
  });
});

describe('mayWrite: role × record × own/foreign', () => {
  it('matches the table (an inspector writes for its own team, at any site)', () => {
    const withTeam = (own: boolean, k: string) => ({ ...records(own)[k], ...(k === 'Inspection' || k === 'Finding' ? { teamId: own ? OWN_TEAM : FOREIGN_TEAM } : {}) });
    const actual = Object.fromEntries(Object.keys(WRITE).map((k) => [k, ROLES.map((role) => cell((own) => mayWrite(actor(role), withTeam(own, k))))]));
    expect(actual).toEqual(WRITE);
  });

  it('staff correct only the disinfection entries they recorded; managers any of their site', () => {
    const staff = actor('FACILITY_STAFF');
    const manager = actor('FACILITY_MANAGER');
    const entry = (recordedBy: string) => ({ kind: 'DisinfectionEntry' as const, siteId: OWN_SITE, recordedBy });
    expect(mayWrite(staff, entry(staff.id))).toBe(true);
    expect(mayWrite(staff, entry('another-staff'))).toBe(false);
    expect(mayWrite(manager, entry('another-staff'))).toBe(true);
  });
});

describe('scope building blocks', () => {
  it('siteScope: null (every site) for roles not bound to sites, the bound sites otherwise', () => {
    expect(ROLES.map((r) => siteScope(actor(r)))).toEqual([null, null, null, [OWN_SITE], [OWN_SITE], null]);
  });

  it('feed: events without a site are not for site-bound roles; an inspector gets compliance events only where it inspects', () => {
    expect(ROLES.map((r) => feedEventAccess(actor(r), { kind: 'CHECKPOINT_TALLY_FILED', siteId: null }))).toEqual(['yes', 'yes', 'yes', 'no', 'no', 'yes']);
    expect(feedEventAccess(actor('INSPECTOR'), { kind: 'SITE_OUT_OF_COMPLIANCE', siteId: OWN_SITE })).toBe('if-inspects');
    // Verification tasks belong to units: only the roles that see every task hear of them.
    expect(ROLES.map((r) => feedEventAccess(actor(r), { kind: 'VERIFICATION_TASK_CHANGED', siteId: null }))).toEqual(
      ROLES.map((r) => (['ADMIN', 'COMMAND', 'REVIEWER'].includes(r) ? 'yes' : 'no')),
    );
  });

  it('attachmentReadSql numbers its parameters from the one given and passes the actor\'s scope', () => {
    const { sql, params } = attachmentReadSql(actor('FACILITY_STAFF'), 2);
    expect(sql).toContain('a.uploaded_by = $2');
    expect(sql).toContain('$6::uuid[]');
    expect(sql).not.toMatch(/\$(1|7)\b/);
    expect(params).toEqual(['facility_staff-id', ['DisinfectionEntry'], [OWN_SITE], null, []]);
  });
});
