// 报案, worklist, detail, export, 立案 and reserves through HTTP on a real PostgreSQL (area report.*
// of docs/api-claim.md): finding the policy by every key, the loss date against the policy period,
// possible duplicates, the handler by workload, reserves as rows, scope, and the state table.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMERCIAL_COVERAGES, claimWorld, type ClaimWorld } from '../../../../test/claim-fixtures';
import { createTestEnv, makeOrg, makeRole, makeUser, signedIn, type Client, type TestEnv } from '../../../../test/harness';
import { insertIssuedPolicy, residentId } from '../../../../test/policy-fixtures';
import type { ClaimDetail, ReportablePolicy } from '../../../contracts/claim';
import { createModules } from '../../modules';
import { createPiiCrypto, resolvePiiKey } from '../../platform/pii-crypto';

let env: TestEnv;
let world: ClaimWorld;
let handler: Client;
let handler2: Client;
let surveyor: Client;
/** A commercial motor policy of a customer whose ID number the tests know. */
let motor: { policyId: string; policyNo: string; plate: string };
const ID_NUMBER = residentId('19790412', 137, '310115');
const TODAY = '2026-11-24';

beforeAll(async () => {
  env = await createTestEnv();
  world = await claimWorld(env);
  handler = await signedIn(env.app, world.claimUsers.handler.username);
  handler2 = await signedIn(env.app, world.claimUsers.handler2.username);
  surveyor = await signedIn(env.app, world.claimUsers.surveyor.username);
  const clerk = await signedIn(env.app, world.users.clerk.username);
  const person = await clerk.post('/api/v1/parties/persons', { name: '欧阳明月', idType: 'RESIDENT_ID', idNumber: ID_NUMBER, mobile: '13700001234' });
  expect(person.statusCode, person.body).toBe(201);
  const plate = '沪B7Q258';
  const p = await insertIssuedPolicy(env, world, { product: 'commercial', startDate: '2026-10-25', coverages: COMMERCIAL_COVERAGES, policyholderId: person.json().id, plateNo: plate });
  motor = { ...p, plate };
});
afterAll(() => env?.close());

const errorOf = (res: { json(): any }) => res.json().error;
let seq = 0;
/** A report (of the motor policy unless given); each a different place and description. */
const reportBody = (o: Record<string, unknown> = {}) => {
  seq++;
  return {
    policyId: motor.policyId, lossAt: '2026-11-20T01:30:00Z', lossPlace: `浦东新区第${seq}号仓库门口`, lossCause: 'COLLISION', description: `倒车时撞上立柱，编号${seq}，后保险杠受损`,
    channel: 'PHONE', reporterName: '欧阳明月', reporterPhone: '137 0000 1234', reporterRelation: '本人', atFault: true, liabilityShare: '100', ...o,
  };
};
/** 报案 through HTTP; without a policy, of a fresh policy (reports of one policy within a day may be flagged as duplicates). */
const freshPolicy = async (o: { plateNo?: string } = {}) => (await insertIssuedPolicy(env, world, { product: 'commercial', startDate: '2026-10-25', coverages: COMMERCIAL_COVERAGES, ...o })).policyId;
async function report(client: Client, o: Record<string, unknown> = {}): Promise<ClaimDetail> {
  const policyId = o.policyId ?? (await freshPolicy());
  const res = await client.post('/api/v1/claims', reportBody({ ...o, policyId }));
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}
const claimCount = async () => Number((await env.db.selectFrom('claim').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
const auditOf = (action: string, objectId: string) => env.db.selectFrom('audit_event').selectAll().where('action', '=', action).where('object_id', '=', objectId).execute();

describe('报案: finding the policy', () => {
  const search = async (q: string, lossDate?: string): Promise<ReportablePolicy[]> => {
    const res = await handler.get(`/api/v1/claims/policies?q=${encodeURIComponent(q)}${lossDate ? `&lossDate=${lossDate}` : ''}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  it('finds the policy by its number, a prefix of it, the plate, the ID number and the name of the policyholder', async () => {
    for (const q of [motor.policyNo, motor.policyNo.slice(0, 14), '沪b 7q258', ID_NUMBER, '欧阳明月']) {
      const hits = await search(q, TODAY);
      expect(hits.map((h) => h.policyNo), q).toContain(motor.policyNo);
    }
    const [hit] = await search(motor.policyNo, TODAY);
    expect(hit).toMatchObject({ policyId: motor.policyId, holderName: '欧阳明月', insuredName: '欧阳明月', plateNo: motor.plate, startDate: '2026-10-25', inForceOnLossDate: true });
    // What can respond: 车损 for 车损险, 人伤 and 物损 for 三者险.
    expect(hit!.coverages.map((c) => [c.code, c.lossTypes])).toEqual([['CAR_DAMAGE', ['VEHICLE']], ['THIRD_PARTY', ['INJURY', 'PROPERTY']]]);
  });

  it('says whether the policy was in force on the loss date, and nothing without one', async () => {
    expect((await search(motor.policyNo, '2026-10-24'))[0]!.inForceOnLossDate).toBe(false);
    expect((await search(motor.policyNo, '2027-10-25'))[0]!.inForceOnLossDate).toBe(false);
    expect((await search(motor.policyNo))[0]!.inForceOnLossDate).toBeNull();
  });

  it('finds nothing outside the reporter\'s scope', async () => {
    const other = await makeOrg(env.db, { name: '外地支公司' });
    const role = await makeRole(env.db, ['claim:read', 'claim:report']);
    const outsider = await signedIn(env.app, (await makeUser(env.db, { orgId: other.id, roles: [{ roleId: role, scope: 'subtree' }] })).username);
    const res = await outsider.get(`/api/v1/claims/policies?q=${encodeURIComponent(motor.policyNo)}`);
    expect(res.json()).toEqual([]);
    const refused = await outsider.post('/api/v1/claims', reportBody());
    expect(refused.statusCode).toBe(422);
    expect(errorOf(refused)).toMatchObject({ code: 'CLAIM_POLICY_NOT_FOUND', details: { field: 'policyId' } });
  });
});

describe('报案', () => {
  it('numbers the claim per org and day, keeps the reporter\'s phone encrypted and shows it masked, and records the report', async () => {
    const c = await report(handler, { policyId: motor.policyId, parties: [{ role: 'THIRD_PARTY', name: '王五', idNumber: residentId('19900101', 11), phone: '13811112222', plateNo: '苏e 12345' }] });
    expect(c.claimNo).toMatch(new RegExp(`^BA20261124${world.org.code}\\d{5}$`));
    expect(c).toMatchObject({
      state: 'REPORTED', lossDate: '2026-11-20', lossAt: '2026-11-20T01:30:00.000Z', duplicateState: 'NONE', liabilityShare: '100.00', atFault: true,
      handler: { id: world.claimUsers.handler.id }, reporter: { name: '欧阳明月', phoneMasked: '137****1234', relation: '本人' },
      policy: { id: motor.policyId, policyNo: motor.policyNo, plateNo: motor.plate, line: 'COMMERCIAL_MOTOR' }, insuredName: '欧阳明月',
      actions: ['register', 'withdraw'], reserves: [], outstandingReserve: '0.00',
    });
    const pid = residentId('19900101', 11);
    expect(c.parties).toEqual([{ role: 'THIRD_PARTY', name: '王五', idNumberMasked: `${pid.slice(0, 3)}${'*'.repeat(11)}${pid.slice(-4)}`, phoneMasked: '138****2222', plateNo: '苏E12345', note: null }]);
    expect(c.coverages.map((x) => x.code)).toEqual(['CAR_DAMAGE', 'THIRD_PARTY']);
    expect(c.timeline.map((t) => [t.action, t.toState])).toEqual([['report', 'REPORTED']]);
    const row = await env.db.selectFrom('claim').select(['reporter_phone_enc']).where('id', '=', c.id).executeTakeFirstOrThrow();
    expect(createPiiCrypto(resolvePiiKey(env.config)).decrypt(Buffer.from(row.reporter_phone_enc!, 'base64'))).toBe('13700001234');
    const [audit] = await auditOf('claim.report', c.id);
    expect(JSON.stringify(audit!.after)).not.toContain('13700001234');
    expect(audit!.after).toMatchObject({ claimNo: c.claimNo, reporterPhone: '137****1234' });
    // The same claim by its number; the next number of the day follows.
    expect((await handler.get(`/api/v1/claims/by-no/${c.claimNo}`)).json().id).toBe(c.id);
    const next = await report(handler);
    expect(next.duplicateState).toBe('NONE');
    expect(Number(next.claimNo.slice(-5))).toBe(Number(c.claimNo.slice(-5)) + 1);
  });

  it('refuses a loss outside the policy period, on a lapsed policy or in the future, a malformed phone and a share above 100 — storing nothing', async () => {
    const before = await claimCount();
    const refused = async (o: Record<string, unknown>, code: string, field: string) => {
      const res = await handler.post('/api/v1/claims', reportBody(o));
      expect(res.statusCode, res.body).toBe(422);
      expect(errorOf(res)).toMatchObject({ code, details: { field } });
      return errorOf(res);
    };
    const early = await refused({ lossAt: '2026-10-24T15:59:00Z' }, 'CLAIM_LOSS_OUTSIDE_PERIOD', 'lossAt'); // 2026-10-24 23:59 in Shanghai
    expect(early.message).toContain('出险时间');
    const lapsed = await freshPolicy();
    await env.db.updateTable('policy').set({ state: 'LAPSED' }).where('id', '=', lapsed).execute();
    await refused({ policyId: lapsed }, 'CLAIM_LOSS_OUTSIDE_PERIOD', 'lossAt');
    await refused({ lossAt: '2026-11-24T02:30:00Z' }, 'CLAIM_LOSS_IN_FUTURE', 'lossAt');
    await refused({ reporterPhone: '021-12345678' }, 'CLAIM_PHONE_INVALID', 'reporterPhone');
    await refused({ liabilityShare: '120' }, 'CLAIM_LIABILITY_SHARE_INVALID', 'liabilityShare');
    await refused({ parties: [{ role: 'INJURED', name: '  ' }] }, 'CLAIM_FIELD_REQUIRED', 'parties.0.name');
    expect(await claimCount()).toBe(before);
    // The first minute of the period is inside it (Shanghai midnight).
    await report(handler, { policyId: motor.policyId, lossAt: '2026-10-24T16:00:00Z' });
  });

  it('gives a claim reported by someone without claim:handle to the handler of the policy\'s org with the fewest open claims', async () => {
    const org = await makeOrg(env.db, { name: '新区支公司' });
    const handle = await makeRole(env.db, ['claim:read', 'claim:handle']);
    const a = await makeUser(env.db, { orgId: org.id, roles: [{ roleId: handle, scope: 'org' }], name: '经办甲' });
    const b = await makeUser(env.db, { orgId: org.id, roles: [{ roleId: handle, scope: 'org' }], name: '经办乙' });
    const policyId = await freshPolicy();
    await env.db.updateTable('policy').set({ org_id: org.id }).where('id', '=', policyId).execute();
    const callCentre = await signedIn(env.app, (await makeUser(env.db, { orgId: world.hq.id, roles: [{ roleId: await makeRole(env.db, ['claim:report']), scope: 'all' }] })).username);
    const first = await report(callCentre, { policyId });
    const second = await report(callCentre, { policyId, lossAt: '2026-11-10T01:00:00Z' });
    expect([first.handler.id, second.handler.id].sort()).toEqual([a.id, b.id].sort());
    // The reporter sees what they reported (claim:report, no claim:read), the actions are not theirs.
    expect(first.actions).toEqual([]);
    // A handler of another branch does not see it at all.
    expect((await handler.get(`/api/v1/claims/${first.id}`)).statusCode).toBe(404);
    expect((await handler.get(`/api/v1/claims/by-no/${first.claimNo}`)).statusCode).toBe(404);
  });
});

describe('possible duplicates', () => {
  it('flags a second report of the same loss, lists it on the detail, and links it: withdrawn, reserves released', async () => {
    const policyId = await freshPolicy();
    const first = await report(handler, { policyId, lossPlace: '上海市浦东新区世纪大道100号', description: '追尾前车，前保险杠和大灯受损', lossAt: '2026-11-18T02:00:00Z' });
    const second = await report(handler2, { policyId, lossPlace: '浦东新区世纪大道100号附近', description: '与前车追尾', lossAt: '2026-11-19T01:00:00Z' });
    expect(second).toMatchObject({ duplicateState: 'SUSPECTED', duplicateOf: { id: first.id, claimNo: first.claimNo } });
    expect(second.possibleDuplicates.map((d) => d.id)).toContain(first.id);
    expect(second.timeline[0]!.note).toContain(first.claimNo);
    // Same place three days later: another loss.
    const later = await report(handler, { policyId, lossPlace: '上海市浦东新区世纪大道100号', lossAt: '2026-11-22T01:00:00Z' });
    expect(later.duplicateState).toBe('NONE');

    const registered = await handler2.post(`/api/v1/claims/${second.id}/register`, { reserves: [{ coverageCode: 'CAR_DAMAGE', lossType: 'VEHICLE', amount: '3000' }] });
    expect(registered.statusCode, registered.body).toBe(200);
    const linked = await handler2.post(`/api/v1/claims/${second.id}/duplicate`, { decision: 'LINK', duplicateOf: first.id });
    expect(linked.statusCode, linked.body).toBe(200);
    const c: ClaimDetail = linked.json();
    expect(c).toMatchObject({ state: 'WITHDRAWN', duplicateState: 'LINKED', duplicateOf: { id: first.id }, outstandingReserve: '0.00', actions: ['reopen'] });
    expect(c.reserves).toEqual([{ coverageCode: 'CAR_DAMAGE', coverageName: '机动车损失保险', lossType: 'VEHICLE', amount: '0.00' }]);
    expect(c.reserveHistory.map((h) => [h.kind, h.delta])).toEqual([['OPEN', '3000.00'], ['WITHDRAW', '-3000.00']]);
    expect(c.timeline.map((t) => t.action).slice(-2)).toEqual(['duplicate', 'withdraw']);
    expect(await auditOf('claim.withdraw', second.id)).toHaveLength(1);
    // A later report of that loss is compared with the original, not the linked copy.
    const third = await report(handler, { policyId, lossPlace: '浦东新区世纪大道100号', description: '追尾', lossAt: '2026-11-18T05:00:00Z' });
    expect(third.duplicateOf?.id).toBe(first.id);
    const distinct = await handler.post(`/api/v1/claims/${third.id}/duplicate`, { decision: 'DISTINCT' });
    expect(distinct.json()).toMatchObject({ state: 'REPORTED', duplicateState: 'CONFIRMED_DISTINCT', duplicateOf: null });
    const again = await handler.post(`/api/v1/claims/${third.id}/duplicate`, { decision: 'DISTINCT' });
    expect(again.statusCode).toBe(409);
    expect(errorOf(again).code).toBe('CLAIM_NOT_SUSPECTED_DUPLICATE');
  });

  it('links only to another claim of the same policy', async () => {
    const c = await report(handler);
    const other = await report(handler, { policyId: world.policies.commercial.policyId });
    for (const duplicateOf of [c.id, other.id]) {
      const res = await handler.post(`/api/v1/claims/${c.id}/duplicate`, { decision: 'LINK', duplicateOf });
      expect(res.statusCode).toBe(422);
      expect(errorOf(res)).toMatchObject({ code: 'CLAIM_DUPLICATE_OF_INVALID', details: { field: 'duplicateOf' } });
    }
  });
});

describe('立案 and reserves', () => {
  it('refuses to register without a positive reserve, or with a coverage the policy does not have for the loss', async () => {
    const c = await report(handler);
    for (const reserves of [[], [{ coverageCode: 'CAR_DAMAGE', lossType: 'VEHICLE', amount: '0' }]]) {
      const res = await handler.post(`/api/v1/claims/${c.id}/register`, { reserves });
      expect(res.statusCode).toBe(409);
      expect(errorOf(res)).toMatchObject({ code: 'CLAIM_GUARD_FAILED', details: { guard: 'NO_RESERVE', state: 'REPORTED' } });
    }
    const notOnPolicy = await handler.post(`/api/v1/claims/${c.id}/register`, { reserves: [{ coverageCode: 'CAR_DAMAGE', lossType: 'VEHICLE', amount: '100' }, { coverageCode: 'DRIVER', lossType: 'INJURY', amount: '100' }] });
    expect(notOnPolicy.statusCode).toBe(422);
    expect(errorOf(notOnPolicy)).toMatchObject({ code: 'CLAIM_COVERAGE_NOT_ON_POLICY', details: { field: 'reserves.1.coverageCode' } });
    const wrongLoss = await handler.post(`/api/v1/claims/${c.id}/register`, { reserves: [{ coverageCode: 'CAR_DAMAGE', lossType: 'INJURY', amount: '100' }] });
    expect(errorOf(wrongLoss)).toMatchObject({ code: 'CLAIM_COVERAGE_NOT_ON_POLICY', details: { field: 'reserves.0.lossType' } });
    const bad = await handler.post(`/api/v1/claims/${c.id}/register`, { reserves: [{ coverageCode: 'CAR_DAMAGE', lossType: 'VEHICLE', amount: '-5' }] });
    expect(errorOf(bad)).toMatchObject({ code: 'CLAIM_RESERVE_INVALID', details: { field: 'reserves.0.amount' } });
    expect((await handler.get(`/api/v1/claims/${c.id}`)).json()).toMatchObject({ state: 'REPORTED', reserveHistory: [], version: 1 });
  });

  it('registers with reserves per coverage and loss type (outstanding = their sum); every change is a row and the reserve their sum', async () => {
    const c = await report(handler);
    const res = await handler.post(`/api/v1/claims/${c.id}/register`, {
      reserves: [{ coverageCode: 'CAR_DAMAGE', lossType: 'VEHICLE', amount: '8000' }, { coverageCode: 'THIRD_PARTY', lossType: 'PROPERTY', amount: '1500.50' }, { coverageCode: 'THIRD_PARTY', lossType: 'INJURY', amount: '0' }],
      reason: '现场查勘初步估损',
    });
    expect(res.statusCode, res.body).toBe(200);
    const r: ClaimDetail = res.json();
    expect(r).toMatchObject({ state: 'REGISTERED', outstandingReserve: '9500.50', stateSince: '2026-11-24T02:00:00.000Z', actions: ['submit-approval', 'withdraw'] });
    expect(r.reserves).toEqual([
      { coverageCode: 'CAR_DAMAGE', coverageName: '机动车损失保险', lossType: 'VEHICLE', amount: '8000.00' },
      { coverageCode: 'THIRD_PARTY', coverageName: '第三者责任保险', lossType: 'PROPERTY', amount: '1500.50' },
    ]);
    expect(r.timeline.at(-1)).toMatchObject({ action: 'register', fromState: 'REPORTED', toState: 'REGISTERED', note: '现场查勘初步估损' });

    const change = (body: Record<string, unknown>) => handler.post(`/api/v1/claims/${c.id}/reserves`, { coverageCode: 'CAR_DAMAGE', lossType: 'VEHICLE', ...body });
    expect((await change({ amount: '9200', reason: '定损金额上调' })).statusCode).toBe(200);
    const down = await change({ amount: '7000.25', reason: '核价后下调' });
    const d: ClaimDetail = down.json();
    expect(d.reserveHistory.filter((h) => h.coverageCode === 'CAR_DAMAGE').map((h) => [h.kind, h.delta, h.reason])).toEqual([
      ['OPEN', '8000.00', '现场查勘初步估损'], ['ADJUST', '1200.00', '定损金额上调'], ['ADJUST', '-2199.75', '核价后下调'],
    ]);
    expect(d.reserves.find((l) => l.coverageCode === 'CAR_DAMAGE')!.amount).toBe('7000.25');
    expect(d.outstandingReserve).toBe('8500.75');
    expect(d.reserveHistory.at(-1)!.by).toMatchObject({ id: world.claimUsers.handler.id });
    expect(d.timeline.at(-1)).toMatchObject({ action: 'reserve', note: '核价后下调', details: { from: '9200.00', to: '7000.25', delta: '-2199.75' } });

    expect(errorOf(await change({ amount: '100' }))).toMatchObject({ code: 'CLAIM_REASON_REQUIRED', details: { field: 'reason' } });
    expect(errorOf(await change({ amount: '-1', reason: 'x' }))).toMatchObject({ code: 'CLAIM_RESERVE_INVALID', details: { field: 'amount' } });
    expect(errorOf(await change({ coverageCode: 'DRIVER', lossType: 'INJURY', amount: '1', reason: 'x' }))).toMatchObject({ code: 'CLAIM_COVERAGE_NOT_ON_POLICY', details: { field: 'coverageCode' } });
    expect((await handler.get(`/api/v1/claims/${c.id}`)).json().outstandingReserve).toBe('8500.75');
  });

  it('answers 409 naming the state for an action or a reserve change out of order', async () => {
    const c = await report(handler);
    const early = await handler.post(`/api/v1/claims/${c.id}/reserves`, { coverageCode: 'CAR_DAMAGE', lossType: 'VEHICLE', amount: '100', reason: '估损' });
    expect(early.statusCode).toBe(409);
    expect(errorOf(early)).toMatchObject({ code: 'CLAIM_ILLEGAL_TRANSITION', details: { state: 'REPORTED' } });
    expect(errorOf(early).message).toContain('已报案');
    const reserves = [{ coverageCode: 'CAR_DAMAGE', lossType: 'VEHICLE', amount: '100' }];
    expect((await handler.post(`/api/v1/claims/${c.id}/register`, { reserves })).statusCode).toBe(200);
    const twice = await handler.post(`/api/v1/claims/${c.id}/register`, { reserves });
    expect(twice.statusCode).toBe(409);
    expect(errorOf(twice)).toMatchObject({ code: 'CLAIM_ILLEGAL_TRANSITION', details: { state: 'REGISTERED', action: 'register' } });
    expect(errorOf(twice).message).toContain('已立案');
  });

  it('lets exactly one of two concurrent registrations through', async () => {
    const c = await report(handler);
    const reserves = [{ coverageCode: 'CAR_DAMAGE', lossType: 'VEHICLE', amount: '500' }];
    const [a, b] = await Promise.all([handler.post(`/api/v1/claims/${c.id}/register`, { reserves }), handler2.post(`/api/v1/claims/${c.id}/register`, { reserves })]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const d: ClaimDetail = (await handler.get(`/api/v1/claims/${c.id}`)).json();
    expect(d.reserveHistory).toHaveLength(1);
    expect(d).toMatchObject({ outstandingReserve: '500.00', version: 2 });
  });

  it('needs claim:handle: a surveyor reads the claim but may do nothing with it', async () => {
    const c = await report(handler);
    const read = await surveyor.get(`/api/v1/claims/${c.id}`);
    expect(read.statusCode).toBe(200);
    expect(read.json().actions).toEqual([]);
    expect((await surveyor.post(`/api/v1/claims/${c.id}/register`, { reserves: [] })).statusCode).toBe(403);
  });
});

describe('修改报案信息', () => {
  it('changes the details with the version, masks new parties, and refuses a stale version', async () => {
    const c = await report(handler);
    const res = await handler.patch(`/api/v1/claims/${c.id}`, { lossPlace: '浦东新区张江路 88 号', liabilityShare: '70', parties: [{ role: 'INJURED', name: '赵六', phone: '13912340000' }], version: c.version });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ lossPlace: '浦东新区张江路 88 号', liabilityShare: '70.00', version: c.version + 1, parties: [{ name: '赵六', phoneMasked: '139****0000' }] });
    expect(res.json().timeline.at(-1)).toMatchObject({ action: 'update', details: { fields: ['lossPlace', 'liabilityShare', 'parties'] } });
    const stale = await handler.patch(`/api/v1/claims/${c.id}`, { description: '改', version: c.version });
    expect(stale.statusCode).toBe(409);
    expect(errorOf(stale)).toMatchObject({ code: 'CLAIM_STALE', details: { currentVersion: c.version + 1 } });
  });
});

describe('worklist and export', () => {
  let mine: ClaimDetail[];
  beforeAll(async () => {
    const policyId = await freshPolicy({ plateNo: '沪C55501' });
    mine = [];
    for (const day of ['01', '03', '05', '07', '09']) mine.push(await report(handler2, { policyId, lossAt: `2026-11-${day}T03:00:00Z` }));
    await handler2.post(`/api/v1/claims/${mine[0]!.id}/register`, { reserves: [{ coverageCode: 'CAR_DAMAGE', lossType: 'VEHICLE', amount: '100' }] });
  });
  const list = async (client: Client, qs: string) => {
    const res = await client.get(`/api/v1/claims?${qs}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { items: { id: string; claimNo: string; state: string; lossDate: string }[]; total: number; nextCursor: string | null };
  };

  it('filters by plate, claim number, policy number, state, handler, loss dates and duplicate flag', async () => {
    const ids = mine.map((c) => c.id);
    expect((await list(handler, `q=${encodeURIComponent('沪C55501')}`)).items.map((i) => i.id).sort()).toEqual([...ids].sort());
    expect((await list(handler, `q=${mine[2]!.claimNo}`)).items.map((i) => i.id)).toEqual([ids[2]]);
    expect((await list(handler, `q=${mine[0]!.policy.policyNo}`)).total).toBe(5);
    const registered = await list(handler, `q=${encodeURIComponent('沪C55501')}&state=REGISTERED`);
    expect(registered.items.map((i) => i.id)).toEqual([ids[0]]);
    expect((await list(handler2, 'mine=true&state=REPORTED&state=REGISTERED')).items.map((i) => i.id)).toEqual(expect.arrayContaining(ids));
    expect((await list(handler, `handlerId=${world.claimUsers.handler2.id}&lossDateFrom=2026-11-03&lossDateTo=2026-11-07`)).items.map((i) => i.lossDate).sort()).toEqual(['2026-11-03', '2026-11-05', '2026-11-07']);
    const suspected = await list(handler, 'duplicate=SUSPECTED');
    expect(suspected.items.every((i) => !ids.includes(i.id))).toBe(true);
  });

  it('pages with a cursor through every claim once, in the order asked', async () => {
    const all = await list(handler, 'pageSize=200&sort=claimNo');
    expect(all.items.map((i) => i.claimNo)).toEqual([...all.items.map((i) => i.claimNo)].sort());
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await list(handler, `pageSize=3&sort=-lossDate${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items.map((i) => i.id));
      expect(page.total).toBe(all.total);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(all.total);
    expect(new Set(seen).size).toBe(all.total);
    const byLoss = (await list(handler, 'pageSize=200&sort=-lossDate')).items.map((i) => i.id);
    expect(seen).toEqual(byLoss);
    const page2 = await list(handler, 'pageSize=3&page=2&sort=-lossDate');
    expect(page2.items.map((i) => i.id)).toEqual(byLoss.slice(3, 6));
  });

  it('sees only claims in scope', async () => {
    const other = await makeOrg(env.db, { name: '另一支公司' });
    const role = await makeRole(env.db, ['claim:read', 'claim:handle', 'claim:export']);
    const outsider = await signedIn(env.app, (await makeUser(env.db, { orgId: other.id, roles: [{ roleId: role, scope: 'subtree' }] })).username);
    expect((await list(outsider, '')).total).toBe(0);
    expect((await outsider.get(`/api/v1/claims/${mine[0]!.id}`)).statusCode).toBe(404);
    expect((await outsider.post(`/api/v1/claims/${mine[1]!.id}/register`, { reserves: [] })).statusCode).toBe(404);
  });

  it('exports the filtered list as a workbook, audited; without claim:export 403', async () => {
    const res = await handler.get(`/api/v1/claims/export?q=${encodeURIComponent('沪C55501')}&sort=lossDate`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).getCell(1).value).toBe('报案号');
    expect(ws.rowCount).toBe(6);
    expect(ws.getRow(2).getCell(1).value).toBe(mine[0]!.claimNo);
    expect(ws.getRow(2).getCell(2).value).toBe('已立案');
    const audit = await env.db.selectFrom('audit_event').select(['details']).where('action', '=', 'claim.export').where('user_id', '=', world.claimUsers.handler.id).execute();
    expect(audit.at(-1)!.details).toMatchObject({ rows: 5, filters: { q: '沪C55501' } });
    expect((await surveyor.get('/api/v1/claims/export')).statusCode).toBe(403);
  });
});

describe('the service seam', () => {
  it('answers the same detail to the service and to HTTP', async () => {
    const claims = createModules({ config: env.config, db: env.db, clock: env.clock }).claim.services.claims;
    const c = await report(handler);
    expect(await claims.get(await world.ctx('handler'), c.id)).toEqual((await handler.get(`/api/v1/claims/${c.id}`)).json());
  });
});
