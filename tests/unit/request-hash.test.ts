import { parse } from '../../src/common/validation';
import { hashInput } from '../../src/modules/idempotency/idempotency.service';
import { fileInput } from '../../src/modules/inspection/file-inspection.service';
import { recordInput } from '../../src/modules/disinfection/disinfection.input';

/**
 * A retry must hash as its first attempt did, across releases: the field app queues filings and
 * disinfection entries on the device and sends them again, maybe after the hub was upgraded, and
 * a key whose stored request hash differs answers CONFLICT ("this idempotencyKey was already used
 * with different input") instead of the filing.
 * The hash is canonicalJson of the input as the mutation's schema parses it (trimmed text, dates,
 * defaults), so a change of validation library or schema can move it. These hashes were computed
 * with zod 3 (the hub before session 17 moved to zod 4) and must not change.
 */
const S = '0091a09e-2796-512a-f541-30c752de0470', T = 'ecd93250-f306-c2b7-d98c-22ed096d7ea9', V = 'c3b1f5d2-9a0e-4c1b-8f3e-2b7a6d5e4f10', E = '6f1c2a9e-7b3d-4e5f-a1b2-c3d4e5f6a7b8';
const filing = {
  idempotencyKey: 'offline-7d2f', siteId: S, teamId: T, checklistVersionId: V, inspectionId: null,
  startedAt: '2026-12-05T09:00:00+08:00', submittedAt: '2026-12-05T10:30:15.250Z',
  answers: [
    { itemCode: ' VENT.01 ', yes: true, note: '  现场查看 checked on site ' },
    { itemCode: 'TEMP.02', number: 36.5, evidenceIds: [E] },
    { itemCode: 'LOG.03', choice: 'ALL', notApplicable: null, evidenceIds: null },
    { itemCode: 'TXT.04', text: ' free text ', note: null },
    { itemCode: 'NA.05', notApplicable: true },
  ],
  findings: [{ title: ' 前台未张贴提示 ', severity: 'MINOR' }, { title: 'x', severity: 'MAJOR', description: 'd', legalBasis: '《传染病防治法》' }],
  startLocation: { latitude: 34.27, longitude: 108.95, accuracyMeters: 12.5 },
};
const filingMinimal = { idempotencyKey: 'k', siteId: S, teamId: T, checklistVersionId: V, startedAt: '2026-12-05T01:00:00Z', submittedAt: '2026-12-05T02:00:00Z', answers: [{ itemCode: 'A', yes: false }] };
const entry = { idempotencyKey: 'dis-1', siteId: S, area: ' guest_rooms ', agent: 'CHLORINE', concentration: 500, concentrationUnit: 'MG_PER_L', method: 'SPRAY', startedAt: '2026-12-05T08:00:00+08:00', durationMinutes: 30, notes: ' n ' };
const entryMinimal = { idempotencyKey: 'dis-2', siteId: S, area: 'LOBBY', agent: 'UV', concentrationUnit: 'NONE', method: 'UV', startedAt: '2026-12-05T08:00:00Z', durationMinutes: 15 };

const hashOf = (schema: typeof fileInput | typeof recordInput, raw: unknown) => {
  const { idempotencyKey: _key, ...rest } = parse(schema as typeof fileInput, raw);
  return hashInput(rest);
};

describe('request hashes of queued writes', () => {
  it('a filing hashes as it did under zod 3', () => {
    expect(hashOf(fileInput, filing)).toBe('3ac4e51d6a882c740f51745d6edbf14234681dcc8dae16dd64cd4c6f53566d4c');
    expect(hashOf(fileInput, filingMinimal)).toBe('dd250fcc3f50b8fa04e3e78497766a10f7eafeca8fae177960db76a1693a56e5');
  });

  it('a disinfection entry hashes as it did under zod 3', () => {
    expect(hashOf(recordInput, entry)).toBe('412434c446a6f7206bf5caa400ef6cbb0a4e5fd30d7939db585800ec20e01341');
    expect(hashOf(recordInput, entryMinimal)).toBe('ded33baf0528ff45bc5f7cb1667bd32faeb2614a60471118f981489c707f910b');
  });
});
