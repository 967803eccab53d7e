import { randomUUID } from 'node:crypto';
import { startTestHub, expectError, type TestHub } from '../helpers/harness';
import { bindManager, makeAccount, makeSite } from '../fixtures/factory';

let hub: TestHub;
let command: string;
beforeAll(async () => {
  hub = await startTestHub();
  command = await hub.login((await makeAccount(hub.ds, 'COMMAND')).username);
});
afterAll(() => hub.stop());

const RECEIVE = `mutation($i: ReceiveSuppliesInput!) { receiveSupplies(input: $i) { id quantity source item { code stock unit } recordedBy { id } } }`;
const DELIVER = `mutation($i: RecordSupplyDeliveryInput!) { recordSupplyDelivery(input: $i) { id quantity deliveredAt item { code stock } site { id name } } }`;
const SUPPLIES = `query($f: SuppliesFilter) { supplies(filter: $f) { code kind unit stock deliveredQuantity deliveries { quantity site { id } } } }`;

const receive = (itemCode: string, quantity: number, token = command) => hub.gql(RECEIVE, { i: { idempotencyKey: randomUUID(), itemCode, quantity, source: '多渠道采购' } }, token);
const deliver = (itemCode: string, siteId: string, quantity: number, token = command) =>
  hub.gql(DELIVER, { i: { idempotencyKey: randomUUID(), itemCode, siteId, quantity, deliveredAt: new Date(hub.clock.now.getTime() - 60_000).toISOString() } }, token);
const stockOf = async (code: string) => (await hub.ds.query(`SELECT stock FROM supply_item WHERE code = $1`, [code]))[0].stock as number;

describe('stock', () => {
  it('lists the seed items with their units; receiving adds stock, idempotently', async () => {
    const r = await hub.gql(SUPPLIES, {}, command);
    const byCode = Object.fromEntries(r.data.supplies.map((i: { code: string; unit: string; kind: string }) => [i.code, `${i.kind}/${i.unit}`]));
    expect(byCode).toMatchObject({ MASK: 'MASK/PIECE', GLOVES: 'GLOVES/PAIR', DISINFECTANT_ALCOHOL: 'DISINFECTANT_ALCOHOL/LITRE', INSTANT_NOODLES: 'FOOD/CASE' });
    const before = await stockOf('PROTECTIVE_SUIT');
    const input = { idempotencyKey: randomUUID(), itemCode: 'PROTECTIVE_SUIT', quantity: 640, source: '多渠道采购' };
    const a = await hub.gql(RECEIVE, { i: input }, command);
    const b = await hub.gql(RECEIVE, { i: input }, command);
    expect(a.data.receiveSupplies).toMatchObject({ quantity: 640, item: { code: 'PROTECTIVE_SUIT', stock: before + 640, unit: 'PIECE' } });
    expect(b.data.receiveSupplies.id).toBe(a.data.receiveSupplies.id);
    expect(await stockOf('PROTECTIVE_SUIT')).toBe(before + 640);
    expect(expectError(await receive('NO_SUCH', 1), 'BAD_USER_INPUT').extensions.field).toBe('input.itemCode');
    expect(expectError(await receive('MASK', 0), 'BAD_USER_INPUT').extensions.field).toBe('input.quantity');
  });

  it('delivering more than the stock is BAD_USER_INPUT on input.quantity and changes nothing', async () => {
    const site = await makeSite(hub.ds, { kind: 'CHECKPOINT', roadType: 'HIGHWAY_EXIT' });
    await receive('THERMOMETER', 10);
    const stock = await stockOf('THERMOMETER');
    const e = expectError(await deliver('THERMOMETER', site.id, stock + 1), 'BAD_USER_INPUT');
    expect(e.extensions.field).toBe('input.quantity');
    expect(e.message).toMatch(/not enough stock/);
    expect(await stockOf('THERMOMETER')).toBe(stock);
    const ok = await deliver('THERMOMETER', site.id, stock);
    expect(ok.data.recordSupplyDelivery).toMatchObject({ quantity: stock, item: { code: 'THERMOMETER', stock: 0 }, site: { id: site.id } });
  });

  it('20 concurrent deliveries of 10 against a stock of 100: exactly 10 succeed and stock ends at 0', async () => {
    const site = await makeSite(hub.ds);
    await hub.ds.query(`UPDATE supply_item SET stock = 100 WHERE code = 'FACE_SHIELD'`);
    const results = await Promise.all(Array.from({ length: 20 }, () => deliver('FACE_SHIELD', site.id, 10)));
    const ok = results.filter((r) => !r.errors);
    const failed = results.filter((r) => r.errors);
    expect(ok).toHaveLength(10);
    for (const f of failed) expect(expectError(f, 'BAD_USER_INPUT').extensions.field).toBe('input.quantity');
    expect(await stockOf('FACE_SHIELD')).toBe(0);
    const [{ n }] = await hub.ds.query(`SELECT coalesce(sum(quantity), 0)::int AS n FROM supply_delivery WHERE item_code = 'FACE_SHIELD' AND site_id = $1`, [site.id]);
    expect(n).toBe(100);
  });

  it('the database refuses negative stock whatever the code does', async () => {
    await expect(hub.ds.query(`UPDATE supply_item SET stock = -1 WHERE code = 'MASK'`)).rejects.toThrow(/supply_item_stock_check/);
  });
});

describe('deliveries and scope', () => {
  it('supplies shows deliveries per site; a facility manager sees only its own sites and cannot deliver', async () => {
    const own = await makeSite(hub.ds, { name: '凤州宾馆' });
    const other = await makeSite(hub.ds);
    await receive('GLOVES', 300);
    await deliver('GLOVES', own.id, 120);
    await deliver('GLOVES', other.id, 80);
    const fmAcc = await makeAccount(hub.ds, 'FACILITY_MANAGER');
    await bindManager(hub.ds, own.id, fmAcc.id);
    const fm = await hub.login(fmAcc.username);

    const mine = await hub.gql(SUPPLIES, {}, fm);
    const gloves = mine.data.supplies.find((i: { code: string }) => i.code === 'GLOVES');
    expect(gloves.deliveredQuantity).toBe(120);
    expect(gloves.deliveries).toEqual([{ quantity: 120, site: { id: own.id } }]);
    expectError(await hub.gql(SUPPLIES, { f: { siteId: other.id } }, fm), 'NOT_FOUND');
    expectError(await deliver('GLOVES', own.id, 1, fm), 'FORBIDDEN');
    expectError(await receive('GLOVES', 1, fm), 'FORBIDDEN');

    const all = await hub.gql(SUPPLIES, { f: { siteId: other.id } }, command);
    expect(all.data.supplies.find((i: { code: string }) => i.code === 'GLOVES')).toMatchObject({ deliveredQuantity: 80, deliveries: [{ quantity: 80, site: { id: other.id } }] });
  });

  it('listing supplies with deliveries runs the same statements however many deliveries there are', async () => {
    const site = await makeSite(hub.ds);
    await receive('DISINFECTANT_ALCOHOL', 600);
    await deliver('DISINFECTANT_ALCOHOL', site.id, 50);
    const one = await hub.gql(SUPPLIES, { f: { siteId: site.id } }, command);
    for (let i = 0; i < 5; i++) await deliver('DISINFECTANT_ALCOHOL', site.id, 10);
    const many = await hub.gql(SUPPLIES, { f: { siteId: site.id } }, command);
    expect(many.data.supplies.find((i: { code: string }) => i.code === 'DISINFECTANT_ALCOHOL')).toMatchObject({ deliveredQuantity: 100 });
    expect(many.data.supplies.find((i: { code: string }) => i.code === 'DISINFECTANT_ALCOHOL').deliveries).toHaveLength(6);
    expect(many.sql).toBe(one.sql);
  });

  it('rejects a delivery to an unknown site or in the future', async () => {
    const site = await makeSite(hub.ds);
    await receive('MASK', 5000);
    expect(expectError(await deliver('MASK', randomUUID(), 1), 'BAD_USER_INPUT').extensions.field).toBe('input.siteId');
    const future = await hub.gql(DELIVER, { i: { idempotencyKey: randomUUID(), itemCode: 'MASK', siteId: site.id, quantity: 1, deliveredAt: new Date(hub.clock.now.getTime() + 86_400_000).toISOString() } }, command);
    expect(expectError(future, 'BAD_USER_INPUT').extensions.field).toBe('input.deliveredAt');
  });
});
