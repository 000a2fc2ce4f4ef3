import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anyJson, expectNoServerErrors } from '../../../../test/fuzz';
import { makeOrg, makeRole, makeUser, signedIn, createTestEnv, type Client, type TestEnv } from '../../../../test/harness';
import { residentCheckChar, usccCheckChar } from './identity';

// A valid credit code of the fuzz test's own (the contract tests use 91350100M000100Y43).
const FUZZ_USCC = '91110000600037341' + usccCheckChar('91110000600037341');

let env: TestEnv;
let clerk: Client; // branch A, subtree, read/write/export, no pii:reveal
let officer: Client; // branch A, subtree, read + pii:reveal
let other: Client; // branch B, own org only
let orgA: { id: string };

/** A valid resident ID from a 17-digit body. */
const rid = (body17: string) => body17 + residentCheckChar(body17);
let serial = 100;
/** A fresh valid resident ID (born 1985-06-15, sex by the parity of the sequence). */
const freshId = (sex: 'M' | 'F' = 'F') => {
  serial += 1;
  const seq = String(serial % 1000).padStart(3, '0').slice(0, 2) + (sex === 'M' ? '1' : '2');
  return rid(`3101151985061${String(serial).padStart(4, '0').slice(-1)}${seq}`);
};

beforeAll(async () => {
  env = await createTestEnv();
  orgA = await makeOrg(env.db, { name: '甲分公司' });
  const orgB = await makeOrg(env.db, { name: '乙分公司' });
  const rw = await makeRole(env.db, ['party:read', 'party:write', 'party:export', 'party:import']);
  const revealer = await makeRole(env.db, ['party:read', 'pii:reveal']);
  clerk = await signedIn(env.app, (await makeUser(env.db, { orgId: orgA.id, roles: [{ roleId: rw, scope: 'subtree' }] })).username);
  officer = await signedIn(env.app, (await makeUser(env.db, { orgId: orgA.id, roles: [{ roleId: revealer, scope: 'subtree' }] })).username);
  other = await signedIn(env.app, (await makeUser(env.db, { orgId: orgB.id, roles: [{ roleId: rw, scope: 'org' }] })).username);
});
afterAll(async () => env?.close());

const createPerson = (c: Client, body: Record<string, unknown>) => c.post('/api/v1/parties/persons', body);
const errorOf = (res: { json(): any }) => res.json().error;

describe('POST /parties/persons', () => {
  it('creates a person from name, ID type and number alone: sex and birth date read from the number', async () => {
    const res = await createPerson(clerk, { name: '李桂兰', idType: 'RESIDENT_ID', idNumber: '11010519491231002X' });
    expect(res.statusCode).toBe(201);
    const p = res.json();
    expect(p).toMatchObject({ kind: 'PERSON', name: '李桂兰', idType: 'RESIDENT_ID', idNumberMasked: '110***********002X', sex: 'F', birthDate: '1949-12-31', nationality: 'CHN', version: 1, orgId: orgA.id, orgName: '甲分公司' });
    expect(p.partyNo).toMatch(/^C\d{9}$/);
    expect(JSON.stringify(p)).not.toContain('11010519491231002X');
  });

  it('answers 422 PARTY_ID_INVALID with each reason', async () => {
    const cases: [string, string][] = [['1101051949123100', 'LENGTH'], ['1101051949123100AX', 'FORMAT'], ['99010519491231002X', 'REGION'], ['110105199902300015', 'DATE'], ['110105194912310021', 'CHECKSUM']];
    for (const [idNumber, reason] of cases) {
      const res = await createPerson(clerk, { name: '王五', idType: 'RESIDENT_ID', idNumber });
      expect(res.statusCode, idNumber).toBe(422);
      expect(errorOf(res)).toMatchObject({ code: 'PARTY_ID_INVALID', details: { field: 'idNumber', reason } });
      expect(errorOf(res).message).toMatch(/^证件号码：/);
    }
  });

  it('upgrades a 15-digit number to 18 and stores the upgraded one (the 18-digit form is then a duplicate)', async () => {
    const res = await createPerson(clerk, { name: '赵六', idType: 'RESIDENT_ID', idNumber: '440301850101013' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ idNumberMasked: `440***********${rid('44030119850101013').slice(-4)}`, sex: 'M', birthDate: '1985-01-01' });
    const dup = await createPerson(clerk, { name: '赵六', idType: 'RESIDENT_ID', idNumber: rid('44030119850101013') });
    expect(dup.statusCode).toBe(409);
    expect(errorOf(dup).details.existing.partyNo).toBe(res.json().partyNo);
  });

  it('refuses a sex or birth date that disagrees with the number', async () => {
    const id = freshId('M');
    const sex = await createPerson(clerk, { name: '钱七', idType: 'RESIDENT_ID', idNumber: id, sex: 'F' });
    expect(sex.statusCode).toBe(422);
    expect(errorOf(sex)).toMatchObject({ code: 'PARTY_SEX_MISMATCH', details: { field: 'sex' } });
    const birth = await createPerson(clerk, { name: '钱七', idType: 'RESIDENT_ID', idNumber: id, birthDate: '1985-06-16' });
    expect(birth.statusCode).toBe(422);
    expect(errorOf(birth)).toMatchObject({ code: 'PARTY_BIRTH_DATE_MISMATCH', details: { field: 'birthDate' } });
    const agreeing = await createPerson(clerk, { name: '钱七', idType: 'RESIDENT_ID', idNumber: id, sex: 'M', birthDate: id.slice(6, 10) + '-' + id.slice(10, 12) + '-' + id.slice(12, 14) });
    expect(agreeing.statusCode).toBe(201);
  });

  it('requires sex and birth date for a passport, and checks mobile, e-mail and bank cards', async () => {
    const base = { name: 'John Smith', idType: 'PASSPORT', idNumber: 'E12345678', nationality: 'GBR' };
    expect(errorOf(await createPerson(clerk, base)).code).toBe('PARTY_SEX_REQUIRED');
    expect(errorOf(await createPerson(clerk, { ...base, sex: 'M' })).code).toBe('PARTY_BIRTH_DATE_REQUIRED');
    expect(errorOf(await createPerson(clerk, { ...base, sex: 'M', birthDate: '2030-01-01' })).code).toBe('PARTY_BIRTH_DATE_INVALID');
    const ok = { ...base, sex: 'M', birthDate: '1980-02-03' };
    const mobile = await createPerson(clerk, { ...ok, mobile: '1234' });
    expect(mobile.statusCode).toBe(422);
    expect(errorOf(mobile)).toMatchObject({ code: 'PARTY_MOBILE_INVALID', details: { field: 'mobile' } });
    expect(errorOf(await createPerson(clerk, { ...ok, email: 'not-an-email' })).code).toBe('PARTY_EMAIL_INVALID');
    const bank = await createPerson(clerk, { ...ok, bankAccounts: [{ bankName: '工商银行', accountName: 'John Smith', accountNumber: '4111111111111112' }] });
    expect(bank.statusCode).toBe(422);
    expect(errorOf(bank)).toMatchObject({ code: 'PARTY_BANK_ACCOUNT_INVALID', details: { field: 'bankAccounts.0.accountNumber' } });
    const created = await createPerson(clerk, { ...ok, mobile: '13800138000', bankAccounts: [{ bankName: '工商银行', accountName: 'John Smith', accountNumber: '4111111111111111' }] });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ idNumberMasked: 'E12**5678', mobileMasked: '138****8000', bankAccounts: [{ accountNumberMasked: '411111******1111' }] });
    // The same passport number from another country is another person.
    expect((await createPerson(clerk, { ...ok, nationality: 'USA' })).statusCode).toBe(201);
  });

  it('reads sex and birth date from an HMT residence permit, which shares the resident-ID number space', async () => {
    const permit = rid('81000019900101002');
    const res = await createPerson(clerk, { name: '陈小明', idType: 'HMT_RESIDENCE_PERMIT', idNumber: permit });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ sex: 'F', birthDate: '1990-01-01' });
    expect(errorOf(await createPerson(clerk, { name: '陈小明', idType: 'HMT_RESIDENCE_PERMIT', idNumber: rid('11000019900101002') })).details.reason).toBe('REGION');
    // The same number entered as a resident ID is the same person.
    const dup = await createPerson(clerk, { name: '陈小明', idType: 'RESIDENT_ID', idNumber: permit });
    expect(dup.statusCode).toBe(409);
  });

  it('409 PARTY_DUPLICATE names the existing record; outside the caller’s scope only its number', async () => {
    const id = freshId();
    const first = (await createPerson(clerk, { name: '孙八', idType: 'RESIDENT_ID', idNumber: id })).json();
    const again = await createPerson(clerk, { name: '孙八', idType: 'RESIDENT_ID', idNumber: id.toLowerCase() });
    expect(again.statusCode).toBe(409);
    expect(errorOf(again)).toMatchObject({ code: 'PARTY_DUPLICATE', details: { existing: { id: first.id, partyNo: first.partyNo, name: '孙八', orgName: '甲分公司' } } });
    const elsewhere = await createPerson(other, { name: '孙八', idType: 'RESIDENT_ID', idNumber: id });
    expect(elsewhere.statusCode).toBe(409);
    expect(errorOf(elsewhere).details.existing).toStrictEqual({ partyNo: first.partyNo });
  });

  it('unknown fields and missing required fields are 400 naming the field', async () => {
    const res = await createPerson(clerk, { name: '周九', idType: 'RESIDENT_ID' });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res)).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'idNumber' } });
    expect(errorOf(await createPerson(clerk, { name: '周九', idType: 'RESIDENT_ID', idNumber: freshId(), x: 1 })).details.field).toBe('x');
  });

  it('a blank name is 422 PARTY_NAME_REQUIRED naming 姓名/名称, for persons and organizations', async () => {
    const person = await createPerson(clerk, { name: '   ', idType: 'RESIDENT_ID', idNumber: freshId() });
    expect(person.statusCode).toBe(422);
    expect(errorOf(person)).toMatchObject({ code: 'PARTY_NAME_REQUIRED', details: { field: 'name' } });
    const org = await clerk.post('/api/v1/parties/organizations', { name: ' ', uscc: '91350100M000100Y43' });
    expect(org.statusCode).toBe(422);
    expect(errorOf(org)).toMatchObject({ code: 'PARTY_NAME_REQUIRED', details: { field: 'name' } });
  });

  it('needs party:write', async () => {
    const res = await createPerson(officer, { name: '吴十', idType: 'RESIDENT_ID', idNumber: freshId() });
    expect(res.statusCode).toBe(403);
  });

  it('property: no body makes person or organization creation fail with 5xx', async () => {
    const idTypes = fc.constantFrom('RESIDENT_ID', 'HMT_RESIDENCE_PERMIT', 'PASSPORT', 'HK_MACAO_PASS', 'TAIWAN_PASS', 'FOREIGN_PERMANENT_ID', 'OTHER', 'X');
    const person = fc.record(
      { name: fc.oneof(fc.string({ maxLength: 120 }), fc.constant('张三')), idType: idTypes, idNumber: fc.oneof(fc.string({ maxLength: 45 }), fc.constant('11010519491231002X')), sex: fc.constantFrom('M', 'F', 'X'), birthDate: fc.oneof(fc.string(), fc.constant('1990-02-30'), fc.constant('1990-01-01')), nationality: fc.string({ maxLength: 4 }), mobile: fc.oneof(fc.string({ maxLength: 25 }), fc.constant(null)), email: fc.oneof(fc.string(), fc.constant(null)), occupationClass: fc.oneof(fc.integer(), fc.constant(null)), bankAccounts: fc.array(fc.record({ bankName: fc.string(), accountName: fc.string(), accountNumber: fc.string() }), { maxLength: 2 }), addresses: fc.array(anyJson, { maxLength: 2 }) },
      { requiredKeys: [] },
    );
    const org = fc.record({ name: fc.string({ maxLength: 120 }), uscc: fc.oneof(fc.string({ maxLength: 45 }), fc.constant(FUZZ_USCC)), orgType: fc.string(), contactPhone: fc.oneof(fc.string(), fc.constant(null)), email: fc.string(), bankAccounts: fc.array(anyJson, { maxLength: 2 }) }, { requiredKeys: [] });
    await expectNoServerErrors(clerk, '/api/v1/parties/persons', fc.oneof(person, anyJson), 150);
    await expectNoServerErrors(clerk, '/api/v1/parties/organizations', fc.oneof(org, anyJson), 100);
  });
});

describe('POST /parties/organizations', () => {
  it('creates an organization from name and credit code; the code is shown whole', async () => {
    const res = await clerk.post('/api/v1/parties/organizations', { name: '福州示例科技有限公司', uscc: '91350100m000100y43', contactPhone: '0591-87654321' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ kind: 'ORGANIZATION', uscc: '91350100M000100Y43', orgType: 'ENTERPRISE', contactPhoneMasked: '059*****4321' });
    const dup = await clerk.post('/api/v1/parties/organizations', { name: '别名公司', uscc: '91350100M000100Y43' });
    expect(dup.statusCode).toBe(409);
    expect(errorOf(dup)).toMatchObject({ code: 'PARTY_DUPLICATE', details: { field: 'uscc', existing: { partyNo: res.json().partyNo } } });
  });

  it('answers 422 PARTY_USCC_INVALID with the reason', async () => {
    for (const [uscc, reason] of [['91350100M000100Y4', 'LENGTH'], ['91350100M000100Y4I', 'FORMAT'], ['91350100M000100Y44', 'CHECKSUM']]) {
      const res = await clerk.post('/api/v1/parties/organizations', { name: '某公司', uscc });
      expect(res.statusCode).toBe(422);
      expect(errorOf(res)).toMatchObject({ code: 'PARTY_USCC_INVALID', details: { field: 'uscc', reason } });
    }
  });
});

describe('GET /parties — search, masking, scope', () => {
  let guilan: any;
  beforeAll(async () => {
    guilan = (await createPerson(clerk, { name: '张桂兰', idType: 'RESIDENT_ID', idNumber: freshId(), mobile: '13912340001' })).json();
    await createPerson(clerk, { name: '王秀英', idType: 'RESIDENT_ID', idNumber: freshId() });
    await createPerson(other, { name: '刘桂兰', idType: 'RESIDENT_ID', idNumber: freshId() });
  });
  const search = async (c: Client, q: string, extra = '') => (await c.get(`/api/v1/parties?q=${encodeURIComponent(q)}${extra}`)).json();

  it('a partial Chinese name finds full names (桂兰 → 李桂兰, 张桂兰), within scope only', async () => {
    const page = await search(clerk, '桂兰');
    expect(page.items.map((i: any) => i.name).sort()).toEqual(['张桂兰', '李桂兰']);
    expect((await search(clerk, '张桂')).items.map((i: any) => i.name)).toEqual(['张桂兰']);
    expect((await search(clerk, '兰')).items.map((i: any) => i.name).sort()).toEqual(['张桂兰', '李桂兰']);
    expect((await search(clerk, '桂英')).items).toEqual([]);
    expect((await search(other, '桂兰')).items.map((i: any) => i.name)).toEqual(['刘桂兰']);
  });

  it('pinyin initials find names (lgl → 李桂兰; zgl → 张桂兰; prefix lg)', async () => {
    expect((await search(clerk, 'lgl')).items.map((i: any) => i.name)).toEqual(['李桂兰']);
    expect((await search(clerk, 'ZGL')).items.map((i: any) => i.name)).toEqual(['张桂兰']);
    expect((await search(clerk, 'lg')).items.map((i: any) => i.name)).toContain('李桂兰');
    // Letters that are nobody's initials may be part of a Latin name.
    expect((await search(clerk, 'js')).items.map((i: any) => i.name)).toEqual(['John Smith', 'John Smith']);
    expect((await search(clerk, 'smith')).items.map((i: any) => i.name)).toEqual(['John Smith', 'John Smith']);
    expect((await search(clerk, 'smith', '&page=2&pageSize=1')).items.map((i: any) => i.name)).toEqual(['John Smith']);
    expect((await search(clerk, 'lgl', '&page=2')).items).toEqual([]);
  });

  it('a full ID number (any case, legacy 15 digits too) or a mobile finds exactly that customer', async () => {
    expect((await search(clerk, '11010519491231002x')).items.map((i: any) => i.name)).toEqual(['李桂兰']);
    expect((await search(clerk, '440301850101013')).items.map((i: any) => i.name)).toEqual(['赵六']);
    expect((await search(clerk, '13912340001')).items.map((i: any) => i.id)).toEqual([guilan.id]);
    expect((await search(clerk, '91350100M000100Y43')).items.map((i: any) => i.kind)).toEqual(['ORGANIZATION']);
    expect((await search(other, '11010519491231002X')).items).toEqual([]);
  });

  it('the index-only path (one or two characters, newest first) and the GIN path agree; renames move the keys', async () => {
    const byKey = (await search(clerk, '桂兰')).items.map((i: any) => i.id).sort();
    const byGin = (await search(clerk, '桂兰', '&sort=name')).items.map((i: any) => i.id).sort();
    expect(byKey).toEqual(byGin);
    expect((await search(clerk, '科技', '&kind=ORGANIZATION')).items.map((i: any) => i.name)).toEqual(['福州示例科技有限公司']);
    expect((await search(clerk, '科技', '&kind=PERSON')).items).toEqual([]);
    expect((await search(clerk, '桂兰', `&orgId=${orgA.id}&subOrgs=false`)).items).toHaveLength(2);
    const renamed = await clerk.patch(`/api/v1/parties/persons/${guilan.id}`, { version: guilan.version, name: '张春燕' });
    expect(renamed.statusCode).toBe(200);
    guilan = renamed.json();
    expect((await search(clerk, '春燕')).items.map((i: any) => i.id)).toEqual([guilan.id]);
    expect((await search(clerk, '桂兰')).items.map((i: any) => i.name)).toEqual(['李桂兰']);
    const back = await clerk.patch(`/api/v1/parties/persons/${guilan.id}`, { version: guilan.version, name: '张桂兰' });
    guilan = back.json();
    expect((await search(clerk, '春燕')).items).toEqual([]);
  });

  it('list rows are masked', async () => {
    const page = await search(clerk, '张桂兰');
    expect(page.items[0]).toMatchObject({ idNumberMasked: expect.stringMatching(/^310\*{11}\w{4}$/), mobileMasked: '139****0001', sex: 'F' });
    expect(JSON.stringify(page)).not.toContain('13912340001');
  });

  it('filters by kind and ID type, sorts by name, pages by cursor and reports totals', async () => {
    const orgs = (await clerk.get('/api/v1/parties?kind=ORGANIZATION')).json();
    expect(orgs.items.every((i: any) => i.kind === 'ORGANIZATION')).toBe(true);
    const passports = (await clerk.get('/api/v1/parties?idType=PASSPORT')).json();
    expect(passports.items.map((i: any) => i.idType)).toEqual(['PASSPORT', 'PASSPORT']);
    const all = (await clerk.get('/api/v1/parties?sort=name&pageSize=200')).json();
    const names = all.items.map((i: any) => i.name);
    expect(names).toEqual([...names].sort());
    const first = (await clerk.get('/api/v1/parties?sort=name&pageSize=3')).json();
    expect(first.total).toBe(all.total);
    const second = (await clerk.get(`/api/v1/parties?sort=name&pageSize=3&cursor=${first.nextCursor}`)).json();
    expect([...first.items, ...second.items].map((i: any) => i.id)).toEqual(all.items.slice(0, 6).map((i: any) => i.id));
    const today = (await clerk.get('/api/v1/parties?createdFrom=2026-01-01&createdTo=2099-12-31')).json();
    expect(today.total).toBe(all.total);
    expect((await clerk.get('/api/v1/parties?createdTo=2000-01-01')).json().total).toBe(0);
  });

  it('outside the scope a party is 404 for reading, changing and revealing', async () => {
    expect((await other.get(`/api/v1/parties/${guilan.id}`)).statusCode).toBe(404);
    expect((await other.patch(`/api/v1/parties/persons/${guilan.id}`, { version: 1, remark: 'x' })).statusCode).toBe(404);
    expect(errorOf(await other.get(`/api/v1/parties/${guilan.id}`)).code).toBe('PARTY_NOT_FOUND');
    expect((await clerk.get(`/api/v1/parties/${guilan.id}`)).json()).toMatchObject({ name: '张桂兰', mobileMasked: '139****0001' });
  });
});

describe('PATCH, reveal, relationships, export', () => {
  it('PATCH changes fields with the current version, then the old version is 409 PARTY_STALE', async () => {
    const p = (await createPerson(clerk, { name: '郑一', idType: 'RESIDENT_ID', idNumber: freshId('M') })).json();
    const res = await clerk.patch(`/api/v1/parties/persons/${p.id}`, { version: 1, mobile: '13700000001', occupationClass: 2 });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ version: 2, mobileMasked: '137****0001', occupationClass: 2, sex: 'M' });
    const stale = await clerk.patch(`/api/v1/parties/persons/${p.id}`, { version: 1, remark: '迟到的修改' });
    expect(stale.statusCode).toBe(409);
    expect(errorOf(stale)).toMatchObject({ code: 'PARTY_STALE', details: { currentVersion: 2 } });
    expect(errorOf(await clerk.patch(`/api/v1/parties/persons/${p.id}`, { version: 2, sex: 'F' })).code).toBe('PARTY_SEX_MISMATCH');
    expect((await clerk.patch(`/api/v1/parties/organizations/${p.id}`, { version: 2, remark: 'x' })).statusCode).toBe(404);
  });

  it('reveal needs pii:reveal and is audited', async () => {
    const id = freshId();
    const p = (await createPerson(clerk, { name: '冯二', idType: 'RESIDENT_ID', idNumber: id, mobile: '13600000002', bankAccounts: [{ bankName: '建设银行', accountName: '冯二', accountNumber: '6222021234567890128' }] })).json();
    const denied = await clerk.post(`/api/v1/parties/${p.id}/reveal`, { field: 'idNumber' });
    expect(denied.statusCode).toBe(403);
    expect((await officer.post(`/api/v1/parties/${p.id}/reveal`, { field: 'idNumber' })).json()).toEqual({ value: id });
    expect((await officer.post(`/api/v1/parties/${p.id}/reveal`, { field: 'mobile' })).json()).toEqual({ value: '13600000002' });
    expect((await officer.post(`/api/v1/parties/${p.id}/reveal`, { field: 'bankAccount', index: 0 })).json()).toEqual({ value: '6222021234567890128' });
    expect(errorOf(await officer.post(`/api/v1/parties/${p.id}/reveal`, { field: 'bankAccount', index: 3 })).code).toBe('PARTY_REVEAL_FIELD');
    const audits = await env.db.selectFrom('audit_event').select(['action', 'details', 'outcome']).where('object_id', '=', p.id).where('action', '=', 'pii.reveal').orderBy('seq').execute();
    expect(audits.map((a) => (a.details as { field: string }).field)).toEqual(['idNumber', 'mobile', 'bankAccount']);
    const created = await env.db.selectFrom('audit_event').select(['after']).where('object_id', '=', p.id).where('action', '=', 'party.person.create').executeTakeFirstOrThrow();
    expect(JSON.stringify(created.after)).not.toContain(id);
  });

  it('the ID number is stored encrypted, never in clear', async () => {
    const row = await env.db.selectFrom('party').selectAll().where('name', '=', '李桂兰').executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain('11010519491231002X');
    expect(row.id_hash.length).toBe(32);
  });

  it('relationships read both ways; self, wrong kinds, bad dates and duplicates are refused; ending one', async () => {
    const a = (await createPerson(clerk, { name: '父亲甲', idType: 'RESIDENT_ID', idNumber: freshId('M') })).json();
    const b = (await createPerson(clerk, { name: '孩子乙', idType: 'RESIDENT_ID', idNumber: freshId() })).json();
    const company = (await clerk.get('/api/v1/parties?kind=ORGANIZATION')).json().items[0];
    const res = await clerk.post(`/api/v1/parties/${a.id}/relationships`, { type: 'PARENT_OF', toPartyId: b.id, startDate: '2000-01-01' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ type: 'PARENT_OF', direction: 'FROM', otherParty: { id: b.id, name: '孩子乙' } });
    const fromChild = (await clerk.get(`/api/v1/parties/${b.id}/relationships`)).json().items;
    expect(fromChild).toEqual([expect.objectContaining({ type: 'PARENT_OF', direction: 'TO', otherParty: expect.objectContaining({ id: a.id }) })]);
    expect(errorOf(await clerk.post(`/api/v1/parties/${a.id}/relationships`, { type: 'PARENT_OF', toPartyId: b.id })).code).toBe('PARTY_RELATIONSHIP_EXISTS');
    expect(errorOf(await clerk.post(`/api/v1/parties/${a.id}/relationships`, { type: 'SPOUSE', toPartyId: a.id })).code).toBe('PARTY_RELATIONSHIP_SELF');
    expect(errorOf(await clerk.post(`/api/v1/parties/${a.id}/relationships`, { type: 'SPOUSE', toPartyId: company.id })).code).toBe('PARTY_RELATIONSHIP_KIND');
    expect(errorOf(await clerk.post(`/api/v1/parties/${a.id}/relationships`, { type: 'GUARDIAN_OF', toPartyId: b.id, startDate: '2020-01-01', endDate: '2019-01-01' })).code).toBe('PARTY_RELATIONSHIP_DATES');
    // Spouse is symmetric: B–A duplicates A–B.
    expect((await clerk.post(`/api/v1/parties/${b.id}/relationships`, { type: 'SPOUSE', toPartyId: a.id })).statusCode).toBe(201);
    expect(errorOf(await clerk.post(`/api/v1/parties/${a.id}/relationships`, { type: 'SPOUSE', toPartyId: b.id })).code).toBe('PARTY_RELATIONSHIP_EXISTS');
    const employ = await clerk.post(`/api/v1/parties/${company.id}/relationships`, { type: 'EMPLOYER_OF', toPartyId: a.id });
    expect(employ.statusCode).toBe(201);
    const ended = await clerk.post(`/api/v1/parties/${a.id}/relationships/${employ.json().id}/end`, { endDate: '2026-11-01' });
    expect(ended.statusCode).toBe(200);
    expect(ended.json()).toMatchObject({ direction: 'TO', endDate: '2026-11-01' });
    expect(errorOf(await clerk.post(`/api/v1/parties/${a.id}/relationships/${employ.json().id}/end`, { endDate: '2026-11-02' })).code).toBe('PARTY_RELATIONSHIP_ENDED');
    expect((await other.get(`/api/v1/parties/${a.id}/relationships`)).statusCode).toBe(404);
    const outside = (await createPerson(other, { name: '外人', idType: 'RESIDENT_ID', idNumber: freshId() })).json();
    expect(errorOf(await clerk.post(`/api/v1/parties/${a.id}/relationships`, { type: 'AGENT_OF', toPartyId: outside.id })).details.field).toBe('toPartyId');
  });

  it('export is a real, masked xlsx, audited, and needs party:export', async () => {
    const res = await clerk.get('/api/v1/parties/export?q=%E6%A1%82%E5%85%B0');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).getCell(1).value).toBe('客户号');
    const rows = ws.getSheetValues().slice(2).map((r) => (r as unknown[])[3]);
    expect(rows.sort()).toEqual(['张桂兰', '李桂兰']);
    expect(JSON.stringify(ws.getSheetValues())).not.toContain('11010519491231002X');
    expect(await env.db.selectFrom('audit_event').select('id').where('action', '=', 'party.export').execute()).toHaveLength(1);
    expect((await officer.get('/api/v1/parties/export')).statusCode).toBe(403);
  });
});
