// The policy read side through the API: detail, search, export, a customer's policies, the printed
// schedule, and the row lock other services take — each inside the caller's data scope.
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PolicyDetail, PolicySummary } from '../../../contracts/policy';
import type { Page } from '../../../contracts/system';
import { createTestEnv, makeRole, makeUser, rootOrg, signedIn, type Client, type TestEnv } from '../../../../test/harness';
import { insertIssuedPolicy, policyWorld, residentId, type PolicyWorld } from '../../../../test/policy-fixtures';
import { uuidv7 } from '../../platform/ids';
import { formatPolicyNumber } from './numbering.rules';
import { createPolicyServices } from './index';

let env: TestEnv;
let world: PolicyWorld;
let other: PolicyWorld;
let clerk: Client;
let otherClerk: Client;
let head: Client;
let underwriter: Client;
let services: ReturnType<typeof createPolicyServices>;

const ID_XUEMEI = residentId('19880620', 22, '310104');
let xuemei: string;
let life: { policyId: string; proposalId: string; policyNo: string };
let motor: { policyId: string; policyNo: string };
let couple: { policyId: string; policyNo: string };
let elsewhere: { policyId: string; policyNo: string };

const number = (org: string, product: string, seq: number) => {
  const r = formatPolicyNumber({ orgCode: org, productCode: product, year: 2026, sequence: seq });
  if (!r.ok) throw new Error(r.message.en);
  return r.value;
};
const page = (res: { json(): unknown }) => res.json() as Page<PolicySummary>;
const search = async (c: Client, qs: string) => {
  const res = await c.get(`/api/v1/policies?${qs}`);
  expect(res.statusCode, res.body).toBe(200);
  return page(res);
};
const numbers = (p: Page<PolicySummary>) => p.items.map((i) => i.policyNo).sort();

beforeAll(async () => {
  env = await createTestEnv();
  world = await policyWorld(env);
  other = await policyWorld(env);
  clerk = await signedIn(env.app, world.users.clerk.username);
  otherClerk = await signedIn(env.app, other.users.clerk.username);
  underwriter = await signedIn(env.app, world.users.underwriter.username);
  const root = await rootOrg(env.db);
  const hq = await makeUser(env.db, { orgId: root.id, roles: [{ roleId: await makeRole(env.db, ['policy:read', 'policy:export']), scope: 'all' }] });
  head = await signedIn(env.app, hq.username);
  // A customer whose ID number the test knows (created as a clerk would).
  const created = await clerk.post('/api/v1/parties/persons', { name: '李雪梅', idType: 'RESIDENT_ID', idNumber: ID_XUEMEI, mobile: '13800138000' });
  expect(created.statusCode, created.body).toBe(201);
  xuemei = (created.json() as { id: string }).id;

  life = await insertIssuedPolicy(env, world, {
    product: 'term', policyholderId: world.parties.holder, insuredId: xuemei, policyNo: number(world.org.code, world.products.term.code, 1),
    receiptDate: '2026-11-24', coolingOffEnd: '2026-12-09', uwConditions: '既往高血压引起的保险事故不承担保险责任', extraPremium: '34.50',
    data: { beneficiaries: [{ partyId: world.parties.child, relation: 'CHILD', order: 1, sharePercent: '100' }] },
  });
  motor = await insertIssuedPolicy(env, world, { product: 'ctpl', policyholderId: world.parties.elderly, plateNo: '沪B7C890', vin: 'LSVAU2180N2123456', policyNo: number(world.org.code, world.products.ctpl.code, 2) });
  // Holder and insured both named 张…: one row, not two.
  couple = await insertIssuedPolicy(env, world, { product: 'commercial', policyholderId: world.parties.holder, insuredId: world.parties.child, policyNo: number(world.org.code, world.products.commercial.code, 3) });
  elsewhere = await insertIssuedPolicy(env, other, { product: 'ctpl', policyholderId: world.parties.holder, policyNo: number(other.org.code, other.products.ctpl.code, 4) });
  services = createPolicyServices({ db: env.db, clock: env.clock, catalogue: undefined as never, engines: undefined as never });
});
afterAll(() => env?.close());

describe('GET /policies/:id', () => {
  it('answers the policy with masked parties, beneficiaries, documents, the 保全 items allowed now, 保全 history and timeline', async () => {
    const e1 = uuidv7();
    const e2 = uuidv7();
    for (const [id, at, no] of [[e1, '2026-11-20T02:00:00Z', 'E1'], [e2, '2026-11-23T02:00:00Z', 'E2']] as const) {
      await env.db.insertInto('endorsement').values({
        id, endorsement_no: `${no}${id.slice(-6)}`, policy_id: life.policyId, org_id: world.org.id, item: 'CONTACT_CHANGE', state: 'APPLIED', effective_date: '2026-11-20', input: '{}', calculation: '{}',
        requested_by: world.users.clerk.id, requested_at: new Date(at),
      }).execute();
    }
    const res = await clerk.get(`/api/v1/policies/${life.policyId}`);
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json() as PolicyDetail;
    expect(d).toMatchObject({
      id: life.policyId, policyNo: life.policyNo, state: 'IN_FORCE', premium: '1200.00', extraPremium: '34.50', paymentMode: 'ANNUAL', coolingOffEnd: '2026-12-09',
      product: { code: world.products.term.code, line: 'TERM_LIFE', versionNo: 1 }, policyholder: { id: world.parties.holder, name: '张建华' }, insured: { id: xuemei, name: '李雪梅' },
      proposal: { id: life.proposalId }, issuedBy: { id: world.users.clerk.id }, documentVersion: 1,
      documents: [{ kind: 'POLICY_SCHEDULE', name: '保险单（第1版）.pdf', href: `/api/v1/policies/${life.policyId}/schedule.pdf` }],
    });
    expect(d.insuredParty.idNumberMasked).toBe(`${ID_XUEMEI.slice(0, 3)}${'*'.repeat(11)}${ID_XUEMEI.slice(-4)}`);
    expect(res.body).not.toContain(ID_XUEMEI);
    expect(d.beneficiaries).toEqual([expect.objectContaining({ partyId: world.parties.child, relation: 'CHILD', sharePercent: '100', party: expect.objectContaining({ name: '张小宝' }) })]);
    // Today (2026-11-24) is inside the cooling-off period, so 犹豫期撤单 is offered to a clerk.
    expect(d.endorsementItems).toEqual(expect.arrayContaining(['CONTACT_CHANGE', 'BENEFICIARY_CHANGE', 'COOLING_OFF_CANCELLATION', 'SURRENDER']));
    expect(d.endorsements.map((e) => e.id)).toEqual([e2, e1]);
    expect(d.endorsements[0]).toMatchObject({ policyNo: life.policyNo, item: 'CONTACT_CHANGE', state: 'APPLIED', requestedBy: { id: world.users.clerk.id } });
    expect(d.timeline).toEqual([expect.objectContaining({ action: 'issue', label: '出单', toState: 'ISSUED' })]);
  });

  it('offers no 保全 items to a user who may not request them', async () => {
    const d = (await underwriter.get(`/api/v1/policies/${life.policyId}`)).json() as PolicyDetail;
    expect(d.endorsementItems).toEqual([]);
  });

  it('answers 404 outside the caller’s scope and for unknown ids, and finds a policy by its number as typed', async () => {
    expect((await otherClerk.get(`/api/v1/policies/${life.policyId}`)).json()).toMatchObject({ error: { code: 'POLICY_NOT_FOUND' } });
    expect((await clerk.get(`/api/v1/policies/${uuidv7()}`)).statusCode).toBe(404);
    expect((await head.get(`/api/v1/policies/${elsewhere.policyId}`)).statusCode).toBe(200);
    const byNo = await clerk.get(`/api/v1/policies/by-number/${encodeURIComponent(` ${motor.policyNo.toLowerCase()} `)}`);
    expect(byNo.statusCode, byNo.body).toBe(200);
    expect((byNo.json() as PolicyDetail).id).toBe(motor.policyId);
    expect((await clerk.get(`/api/v1/policies/by-number/${elsewhere.policyNo}`)).statusCode).toBe(404);
  });
});

describe('GET /policies (search)', () => {
  it('finds a policy by its whole number, and answers 422 naming the search box for a mistyped one', async () => {
    expect(numbers(await search(clerk, `q=${life.policyNo}`))).toEqual([life.policyNo]);
    // One character changed: the check characters catch it.
    const typo = life.policyNo.replace(/-2026(\d)/, (_m, d: string) => `-2026${(Number(d) + 1) % 10}`);
    const res = await clerk.get(`/api/v1/policies?q=${typo}`);
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ error: { code: 'POLICY_NUMBER_CHECK', details: { field: 'q' } } });
    expect((res.json() as { error: { message: string } }).error.message).toContain('查询内容');
  });

  it('finds policies by the start of a number', async () => {
    const p = await search(clerk, `q=${encodeURIComponent(`p-${world.org.code}-`)}`);
    expect(numbers(p)).toEqual([life.policyNo, motor.policyNo, couple.policyNo].sort());
    expect(p.total).toBe(3);
  });

  it('finds a customer’s policies as policyholder or insured by name, part of it, pinyin initials, ID number or mobile — once each', async () => {
    const mine = [life.policyNo, couple.policyNo].sort();
    expect(numbers(await search(clerk, `q=${encodeURIComponent('张建华')}`))).toEqual(mine);
    expect(numbers(await search(clerk, `q=${encodeURIComponent('建华')}`))).toEqual(mine);
    expect(numbers(await search(clerk, 'q=zjh'))).toEqual(mine);
    // 李雪梅 is only the insured of the life policy.
    expect(numbers(await search(clerk, `q=${encodeURIComponent('雪梅')}`))).toEqual([life.policyNo]);
    expect(numbers(await search(clerk, `q=${ID_XUEMEI}`))).toEqual([life.policyNo]);
    expect(numbers(await search(clerk, 'q=138 0013 8000'))).toEqual([life.policyNo]);
    // 张 is both the holder (张建华) and the insured (张小宝) of one policy: listed once.
    const zhang = await search(clerk, `q=${encodeURIComponent('张')}`);
    expect(zhang.items.map((i) => i.policyNo).sort()).toEqual(mine);
    expect(zhang.total).toBe(2);
  });

  it('finds motor policies by plate (as typed) and VIN', async () => {
    expect(numbers(await search(clerk, `q=${encodeURIComponent('沪b·7c890')}`))).toEqual([motor.policyNo]);
    expect(numbers(await search(clerk, 'q=lsvau2180n2123456'))).toEqual([motor.policyNo]);
  });

  it('keeps every search inside the caller’s scope', async () => {
    expect(numbers(await search(otherClerk, `q=${encodeURIComponent('张建华')}`))).toEqual([elsewhere.policyNo]);
    expect(numbers(await search(head, `q=${encodeURIComponent('张建华')}`))).toEqual([life.policyNo, couple.policyNo, elsewhere.policyNo].sort());
    expect((await search(otherClerk, `q=${life.policyNo}`)).total).toBe(0);
    expect(numbers(await search(head, `orgId=${other.org.id}`))).toEqual([elsewhere.policyNo]);
  });

  it('filters by state, line, product, org and dates', async () => {
    expect(numbers(await search(clerk, 'productLine=TERM_LIFE'))).toEqual([life.policyNo]);
    expect(numbers(await search(clerk, `productId=${world.products.ctpl.productId}`))).toEqual([motor.policyNo]);
    expect((await search(clerk, 'state=SURRENDERED&state=LAPSED')).total).toBe(0);
    expect((await search(clerk, 'state=IN_FORCE')).total).toBe(3);
    expect(numbers(await search(clerk, 'endFrom=2030-01-01'))).toEqual([life.policyNo]);
    expect(numbers(await search(clerk, 'endTo=2030-01-01'))).toEqual([motor.policyNo, couple.policyNo].sort());
    expect((await search(clerk, 'startFrom=2026-11-25')).total).toBe(0);
    expect((await search(clerk, 'startTo=2026-11-24')).total).toBe(3);
    expect((await search(clerk, `orgId=${world.org.id}&subOrgs=false`)).total).toBe(3);
  });

  it('pages by keyset cursor and by page number, newest first or by number', async () => {
    const seen: string[] = [];
    let cursor: string | null | undefined;
    do {
      const p = await search(head, `pageSize=1&sort=policyNo${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...p.items.map((i) => i.policyNo));
      cursor = p.nextCursor;
    } while (cursor);
    expect(seen).toEqual([life.policyNo, motor.policyNo, couple.policyNo, elsewhere.policyNo].sort());
    const newest: string[] = [];
    cursor = undefined;
    do {
      const p = await search(head, `pageSize=2${cursor ? `&cursor=${cursor}` : ''}`);
      newest.push(...p.items.map((i) => i.id));
      cursor = p.nextCursor;
    } while (cursor);
    expect(newest).toHaveLength(4);
    expect(new Set(newest).size).toBe(4);
    const second = await search(head, 'pageSize=3&page=2&sort=-policyNo');
    expect(second).toMatchObject({ total: 4, page: 2, pageSize: 3 });
    expect(second.items.map((i) => i.policyNo)).toEqual([[life.policyNo, motor.policyNo, couple.policyNo, elsewhere.policyNo].sort()[0]]);
    // Name searches page the same way (two branches merged).
    const first = await search(head, `pageSize=2&q=${encodeURIComponent('张建华')}`);
    expect(first.total).toBe(3);
    const rest = await search(head, `pageSize=2&q=${encodeURIComponent('张建华')}&cursor=${first.nextCursor}`);
    expect([...first.items, ...rest.items].map((i) => i.policyNo).sort()).toEqual([life.policyNo, couple.policyNo, elsewhere.policyNo].sort());
    expect(rest.nextCursor).toBeNull();
  });

  it('refuses a malformed cursor and a page beyond the count cap', async () => {
    expect((await clerk.get('/api/v1/policies?cursor=nonsense')).json()).toMatchObject({ error: { code: 'VALIDATION_FAILED', details: { field: 'cursor' } } });
    expect((await clerk.get('/api/v1/policies?page=600&pageSize=20')).json()).toMatchObject({ error: { code: 'LIST_PAGE_TOO_DEEP' } });
    expect((await clerk.get('/api/v1/policies?state=ACTIVE')).statusCode).toBe(400);
  });
});

describe('GET /policies/export', () => {
  it('answers an xlsx with Chinese headers of the same search, audited; 403 without policy:export', async () => {
    const res = await clerk.get(`/api/v1/policies/export?q=${encodeURIComponent('张建华')}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('保单列表.xlsx'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).getCell(1).value).toBe('保单号');
    expect(ws.getRow(1).getCell(7).value).toBe('投保人');
    expect(ws.rowCount).toBe(3);
    const audit = await env.db.selectFrom('audit_event').select(['details', 'user_id']).where('action', '=', 'policy.export').execute();
    expect(audit).toEqual([expect.objectContaining({ user_id: world.users.clerk.id, details: expect.objectContaining({ rows: 2 }) })]);
    expect((await underwriter.get('/api/v1/policies/export')).statusCode).toBe(403);
  });
});

describe('GET /parties/:id/policies', () => {
  it('lists the customer’s policies as policyholder, insured or beneficiary, inside the caller’s scope', async () => {
    const list = async (c: Client, id: string) => {
      const res = await c.get(`/api/v1/parties/${id}/policies`);
      expect(res.statusCode, res.body).toBe(200);
      return (res.json() as PolicySummary[]).map((p) => p.policyNo).sort();
    };
    expect(await list(clerk, world.parties.holder)).toEqual([life.policyNo, couple.policyNo].sort());
    expect(await list(head, world.parties.holder)).toEqual([life.policyNo, couple.policyNo, elsewhere.policyNo].sort());
    // 张小宝: beneficiary of the life policy, insured of the commercial one.
    expect(await list(clerk, world.parties.child)).toEqual([life.policyNo, couple.policyNo].sort());
    expect(await list(clerk, xuemei)).toEqual([life.policyNo]);
    expect(await list(otherClerk, xuemei)).toEqual([]);
    expect((await clerk.get(`/api/v1/parties/${uuidv7()}/policies`)).json()).toMatchObject({ error: { code: 'PARTY_NOT_FOUND' } });
  });
});

describe('GET /policies/:id/schedule.pdf', () => {
  it('answers the 保险单 as a PDF download with a UTF-8 file name, the same bytes each time, each print audited', async () => {
    const res = await clerk.get(`/api/v1/policies/${life.policyId}/schedule.pdf`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="policy-schedule.pdf"; filename*=UTF-8''${encodeURIComponent(`保险单（第1版）${life.policyNo}.pdf`)}`);
    expect(res.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(res.rawPayload.toString('latin1')).toContain('/FontFile2');
    const again = await clerk.get(`/api/v1/policies/${life.policyId}/schedule.pdf`);
    expect(again.rawPayload.equals(res.rawPayload)).toBe(true);
    const audit = await env.db.selectFrom('audit_event').select(['details', 'user_id', 'object_type']).where('action', '=', 'policy.print').where('object_id', '=', life.policyId).execute();
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({ user_id: world.users.clerk.id, object_type: 'policy', details: { policyNo: life.policyNo, documentVersion: 1 } });
  });

  it('prints a motor policy too, and answers 404 outside the caller’s scope (nothing audited)', async () => {
    const res = await clerk.get(`/api/v1/policies/${motor.policyId}/schedule.pdf`);
    expect(res.statusCode).toBe(200);
    expect((await otherClerk.get(`/api/v1/policies/${motor.policyId}/schedule.pdf`)).json()).toMatchObject({ error: { code: 'POLICY_NOT_FOUND' } });
    const audit = await env.db.selectFrom('audit_event').select('user_id').where('action', '=', 'policy.print').where('object_id', '=', motor.policyId).execute();
    expect(audit).toEqual([{ user_id: world.users.clerk.id }]);
  });
});

describe('loadForUpdate', () => {
  it('locks the policy row for the transaction, inside the user’s scope (404 outside), or for a system job without one', async () => {
    const ctx = await world.ctx('clerk');
    const otherCtx = await other.ctx('clerk');
    const configurer = await world.ctx('configurer');
    await expect(env.db.transaction().execute((trx) => services.policies.loadForUpdate(trx, life.policyId, { ctx: otherCtx }))).rejects.toMatchObject({ code: 'POLICY_NOT_FOUND' });
    await expect(env.db.transaction().execute((trx) => services.policies.loadForUpdate(trx, life.policyId, { ctx: configurer, permission: 'endorsement:request' }))).rejects.toMatchObject({ code: 'AUTH_FORBIDDEN' });
    expect((await env.db.transaction().execute((trx) => services.policies.loadForUpdate(trx, life.policyId))).policy_no).toBe(life.policyNo);
    await env.db.transaction().execute(async (trx) => {
      const row = await services.policies.loadForUpdate(trx, life.policyId, { ctx, permission: 'endorsement:request' });
      expect(row).toMatchObject({ id: life.policyId, state: 'IN_FORCE' });
      // Another transaction cannot take the row meanwhile.
      await expect(env.db.transaction().execute((t2) => t2.selectFrom('policy').select('id').where('id', '=', life.policyId).forUpdate().noWait().execute())).rejects.toMatchObject({ code: '55P03' });
    });
  });
});

describe('GET /policies (a common name)', () => {
  it('finds the same policies for a name shared by many customers (the list is walked in order and the customers probed)', async () => {
    // Another branch, so the other tests' counts stay as they are.
    const third = await policyWorld(env);
    const thirdClerk = await signedIn(env.app, third.users.clerk.username);
    // 600 customers named 王测英 (more than a head-office search starts from), three of them on policies.
    await sql`
      insert into party (id, kind, name, name_grams, name_initials, id_type, id_hash, id_search_hash, id_number_enc, id_number_masked, sex, birth_date, nationality, org_id, created_by, created_at, updated_at)
      select gen_random_uuid(), 'PERSON', '王测英', array['王','测','英','王测','测英'], 'wcy', 'RESIDENT_ID', decode(md5('h' || g || random()), 'hex'), decode(md5('s' || g || random()), 'hex'),
        '\\x00'::bytea, '310***********0000', 'F', '1980-01-01', 'CHN', ${third.org.id}, ${third.users.clerk.id}, now(), now()
      from generate_series(1, 600) g`.execute(env.db);
    const [a, b, c] = (await env.db.selectFrom('party').select('id').where('name', '=', '王测英').limit(3).execute()).map((r) => r.id);
    const mine = [
      (await insertIssuedPolicy(env, third, { product: 'term', policyholderId: a! })).policyNo,
      (await insertIssuedPolicy(env, third, { product: 'term', policyholderId: b!, insuredId: c! })).policyNo,
      (await insertIssuedPolicy(env, third, { product: 'term', policyholderId: third.parties.elderly, insuredId: c! })).policyNo,
    ].sort();
    for (const who of [head, thirdClerk]) {
      const p = await search(who, `q=${encodeURIComponent('测英')}&pageSize=2`);
      expect(p.total).toBe(3);
      const rest = await search(who, `q=${encodeURIComponent('测英')}&pageSize=2&cursor=${p.nextCursor}`);
      expect([...p.items, ...rest.items].map((i) => i.policyNo).sort()).toEqual(mine);
      expect(numbers(await search(who, 'q=wcy'))).toEqual(mine);
    }
    expect((await search(clerk, `q=${encodeURIComponent('测英')}`)).total).toBe(0);
  });
});
