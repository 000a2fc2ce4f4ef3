// 调度, 查勘/定损/人伤 tasks and claim documents through the API: who gets a task, who may work and
// review it, the items' money to the fen, the approved items the calculation sheet starts from, and
// uploads stored once by SHA-256 with the size and type limits refusing before anything is stored.
import crypto from 'node:crypto';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClaimState } from '../../../contracts/claim';
import { HANDLER_PERMISSIONS, SURVEYOR_PERMISSIONS, claimWorld, type ClaimWorld } from '../../../../test/claim-fixtures';
import { createTestEnv, makeOrg, makeRole, makeUser, signedIn, type Client, type TestEnv } from '../../../../test/harness';
import { uuidv7 } from '../../platform/ids';
import { approvedItems } from './task.service';

let env: TestEnv;
let world: ClaimWorld;
let handler: Client;
let handler2: Client;
let surveyor: Client;
let surveyor2: Client;

beforeAll(async () => {
  env = await createTestEnv();
  world = await claimWorld(env);
  [handler, handler2, surveyor, surveyor2] = await Promise.all(['handler', 'handler2', 'surveyor', 'surveyor2'].map((u) => signedIn(env.app, world.claimUsers[u as 'handler'].username)));
});
afterAll(() => env?.close());

let seq = 0;
/** A claim written directly (报案 is another area's): on a fixture policy, in `state`, handled by the branch handler. */
async function insertClaim(o: { policy?: keyof ClaimWorld['policies']; state?: ClaimState; orgId?: string; handlerId?: string } = {}) {
  const policy = await env.db.selectFrom('policy').select(['id', 'org_id', 'line']).where('id', '=', world.policies[o.policy ?? 'commercial'].policyId).executeTakeFirstOrThrow();
  const id = uuidv7();
  const at = env.clock.now();
  const handlerId = o.handlerId ?? world.claimUsers.handler.id;
  await env.db
    .insertInto('claim')
    .values({
      id, claim_no: `BATEST${String(++seq).padStart(5, '0')}${id.slice(-4)}`, policy_id: policy.id, org_id: o.orgId ?? policy.org_id, line: policy.line, state: o.state ?? 'REGISTERED',
      loss_at: at, loss_date: '2026-11-23', loss_place: '上海市浦东新区世纪大道', loss_cause: 'COLLISION', description: '追尾前车', channel: 'PHONE', reporter_name: '张建华',
      handler_id: handlerId, reported_by: handlerId, reported_at: at, state_since: at, created_at: at, updated_at: at,
    })
    .execute();
  return id;
}

/** A branch beside the fixture's with its own handler and surveyors (workloads of their own). */
async function branch(surveyors: number) {
  const org = await makeOrg(env.db, { name: '测试分理处' });
  const role = async (perms: string[]) => [{ roleId: await makeRole(env.db, perms), scope: 'subtree' as const }];
  const handlerUser = await makeUser(env.db, { orgId: org.id, roles: await role(HANDLER_PERMISSIONS), name: '分理处经办' });
  const people = [];
  for (let i = 0; i < surveyors; i++) people.push(await makeUser(env.db, { orgId: org.id, roles: await role(SURVEYOR_PERMISSIONS), name: `分理处查勘员${i + 1}` }));
  return { org, handlerUser, handler: await signedIn(env.app, handlerUser.username), surveyors: people };
}

const dispatch = (c: Client, claimId: string, body: Record<string, unknown>) => c.post(`/api/v1/claims/${claimId}/tasks`, body);
async function dispatched(c: Client, claimId: string, body: Record<string, unknown>) {
  const res = await dispatch(c, claimId, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}
async function ok(res: { statusCode: number; body: string; json: () => any }, status = 200) {
  expect(res.statusCode, res.body).toBe(status);
  return res.json();
}
const timeline = async (claimId: string) => (await env.db.selectFrom('claim_event').select(['action', 'note', 'details']).where('claim_id', '=', claimId).orderBy('at').orderBy('id').execute());
const audits = async (objectId: string) => (await env.db.selectFrom('audit_event').select(['action', 'details']).where('object_id', '=', objectId).orderBy('seq').execute());

const item = (o: Record<string, string> = {}) => ({ kind: 'PART', name: '前保险杠', coverageCode: 'CAR_DAMAGE', lossType: 'VEHICLE', unitPrice: '1000.00', quantity: '1', ...o });

describe('调度 (dispatching tasks)', () => {
  it('gives a task to the surveyor with the fewest open tasks, on a tie to the one idle longest, and says when nobody can take it', async () => {
    const b = await branch(2);
    const [s1, s2] = [b.surveyors[0]!, b.surveyors[1]!];
    const x = await insertClaim({ orgId: b.org.id, handlerId: b.handlerUser.id });
    const y = await insertClaim({ orgId: b.org.id, handlerId: b.handlerUser.id });

    expect((await dispatched(b.handler, x, { kind: 'SURVEY', assigneeId: s1.id })).assignee.id).toBe(s1.id);
    env.clock.advance(60_000);
    // s1 has one open task, s2 none.
    const t2 = await dispatched(b.handler, y, { kind: 'SURVEY' });
    expect(t2).toMatchObject({ kind: 'SURVEY', state: 'ASSIGNED', assignee: { id: s2.id, name: '分理处查勘员2' }, claimId: y, assessedAmount: '0.00', items: [], documents: [] });
    env.clock.advance(60_000);
    // One open task each: s1's last assignment is the older one.
    expect((await dispatched(b.handler, y, { kind: 'DAMAGE' })).assignee.id).toBe(s1.id);
    env.clock.advance(60_000);
    // s1 has two open tasks now, s2 one.
    expect((await dispatched(b.handler, y, { kind: 'INJURY' })).assignee.id).toBe(s2.id);

    const empty = await branch(0);
    const z = await insertClaim({ orgId: empty.org.id, handlerId: empty.handlerUser.id });
    const none = await dispatch(empty.handler, z, { kind: 'SURVEY' });
    expect(none.statusCode).toBe(422);
    expect(none.json().error).toMatchObject({ code: 'CLAIM_NO_SURVEYOR', details: { field: 'assigneeId' } });
    expect(await env.db.selectFrom('claim_task').select('id').where('claim_id', '=', z).execute()).toHaveLength(0);
  });

  it('refuses an assignee who is no surveyor or out of reach, a second open task of one kind, and dispatch once approval was asked for', async () => {
    const claimId = await insertClaim({ state: 'REPORTED' });
    const notSurveyor = await dispatch(handler, claimId, { kind: 'SURVEY', assigneeId: world.claimUsers.handler2.id });
    expect(notSurveyor.statusCode).toBe(422);
    expect(notSurveyor.json().error).toMatchObject({ code: 'CLAIM_ASSIGNEE_INVALID', details: { field: 'assigneeId' } });
    expect(notSurveyor.json().error.message).toContain('处理人');
    const elsewhere = await branch(1);
    expect((await dispatch(handler, claimId, { kind: 'SURVEY', assigneeId: elsewhere.surveyors[0]!.id })).json().error.code).toBe('CLAIM_ASSIGNEE_INVALID');

    const survey = await dispatched(handler, claimId, { kind: 'SURVEY', assigneeId: world.claimUsers.surveyor.id });
    await dispatched(handler, claimId, { kind: 'DAMAGE', assigneeId: world.claimUsers.surveyor2.id }); // kinds run in parallel
    const again = await dispatch(handler, claimId, { kind: 'SURVEY' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'CLAIM_TASK_OPEN', details: { kind: 'SURVEY', taskId: survey.id } });

    expect(await timeline(claimId)).toEqual([
      expect.objectContaining({ action: 'task.dispatch', note: '查勘', details: expect.objectContaining({ taskId: survey.id, kind: 'SURVEY', assigneeId: world.claimUsers.surveyor.id, automatic: false }) }),
      expect.objectContaining({ action: 'task.dispatch', note: '定损' }),
    ]);
    expect(await audits(survey.id)).toEqual([{ action: 'claim.task.dispatch', details: expect.objectContaining({ claimId, kind: 'SURVEY', assigneeId: world.claimUsers.surveyor.id }) }]);

    const pending = await insertClaim({ state: 'PENDING_APPROVAL' });
    const late = await dispatch(handler, pending, { kind: 'SURVEY' });
    expect(late.statusCode).toBe(409);
    expect(late.json().error).toMatchObject({ code: 'CLAIM_ILLEGAL_TRANSITION', details: { state: 'PENDING_APPROVAL' } });
    expect(late.json().error.message).toContain('待核赔');
    expect((await dispatch(surveyor, claimId, { kind: 'INJURY' })).statusCode).toBe(403); // surveyors do not dispatch
  });
});

describe('查勘定损 (working a task)', () => {
  it('lets only the assignee enter findings and items, each priced to the fen and the total exact', async () => {
    const claimId = await insertClaim();
    const task = await dispatched(handler, claimId, { kind: 'DAMAGE', assigneeId: world.claimUsers.surveyor.id });
    const url = `/api/v1/claim-tasks/${task.id}`;
    const body = {
      findings: '前部受损，保险杠、大灯需更换',
      version: 1,
      items: [
        item({ name: '螺丝', unitPrice: '0.10', quantity: '3' }), // 0.30, not 0.30000000000000004
        item({ kind: 'LABOUR', name: '钣金工时', unitPrice: '33.33', quantity: '0.5' }), // 16.665 → 16.67
        item({ name: '左前大灯', unitPrice: '1999.99', quantity: '2.5' }), // 4999.975 → 4999.98
      ],
    };
    const notMine = await surveyor2.put(url, body);
    expect(notMine.statusCode).toBe(403);
    expect(notMine.json().error.code).toBe('CLAIM_NOT_ASSIGNEE');
    expect((await handler.put(url, body)).statusCode).toBe(403);

    const saved = await ok(await surveyor.put(url, body));
    expect(saved.items.map((i: { amount: string }) => i.amount)).toEqual(['0.30', '16.67', '4999.98']);
    expect(saved).toMatchObject({ assessedAmount: '5016.95', findings: body.findings, version: 2, state: 'ASSIGNED' });
    expect(saved.items[1]).toEqual({ kind: 'LABOUR', name: '钣金工时', coverageCode: 'CAR_DAMAGE', lossType: 'VEHICLE', unitPrice: '33.33', quantity: '0.50', amount: '16.67' });

    // An edit from an old version is refused; a new list replaces the old one.
    const stale = await surveyor.put(url, { ...body, items: [] });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'CLAIM_STALE', details: { currentVersion: 2 } });
    const replaced = await ok(await surveyor.put(url, { ...body, version: 2, items: [item({ coverageCode: 'THIRD_PARTY', lossType: 'PROPERTY', name: '路边护栏', unitPrice: '2400' })] }));
    expect(replaced).toMatchObject({ assessedAmount: '2400.00', items: [{ name: '路边护栏', amount: '2400.00' }] });
    expect(await env.db.selectFrom('claim_task_item').select('id').where('task_id', '=', task.id).execute()).toHaveLength(1);

    // Items must name a coverage of the policy that answers for their loss type.
    const offPolicy = await surveyor.put(url, { ...body, version: 3, items: [item(), item({ coverageCode: 'DEATH', lossType: 'DEATH' })] });
    expect(offPolicy.statusCode).toBe(422);
    expect(offPolicy.json().error).toMatchObject({ code: 'CLAIM_COVERAGE_NOT_ON_POLICY', details: { field: 'items.1.coverageCode' } });
    expect(offPolicy.json().error.message).toContain('第 2 项');
    const wrongType = await surveyor.put(url, { ...body, version: 3, items: [item({ lossType: 'INJURY' })] });
    expect(wrongType.json().error).toMatchObject({ code: 'CLAIM_LOSS_TYPE_NOT_COVERED', details: { field: 'items.0.coverageCode' } });
    expect((await surveyor.put(url, { ...body, version: 3, items: [item({ quantity: '0' })] })).json().error.details.field).toBe('items.0.quantity');
    expect((await ok(await surveyor.get(url))).assessedAmount).toBe('2400.00'); // refused edits changed nothing
  });

  it('submits with findings, is reviewed by a handler (returned with a note, then approved) and its approved items total for the calculation sheet', async () => {
    const claimId = await insertClaim();
    const task = await dispatched(handler, claimId, { kind: 'DAMAGE', assigneeId: world.claimUsers.surveyor.id });
    const url = `/api/v1/claim-tasks/${task.id}`;
    await ok(await surveyor.put(url, { findings: null, version: 1, items: [item({ unitPrice: '3280.50' }), item({ coverageCode: 'THIRD_PARTY', lossType: 'PROPERTY', unitPrice: '800' })] }));
    const bare = await surveyor.post(`${url}/submit`);
    expect(bare.statusCode).toBe(422);
    expect(bare.json().error).toMatchObject({ code: 'CLAIM_FINDINGS_REQUIRED', details: { field: 'findings' } });

    await ok(await surveyor.put(url, { findings: '车损属实', version: 2, items: [item({ unitPrice: '3280.50' }), item({ coverageCode: 'THIRD_PARTY', lossType: 'PROPERTY', unitPrice: '800' })] }));
    expect(await ok(await surveyor.post(`${url}/submit`))).toMatchObject({ state: 'SUBMITTED', submittedAt: env.clock.now().toISOString() });
    const locked = await surveyor.put(url, { findings: '改', version: 4, items: [] });
    expect(locked.statusCode).toBe(409);
    expect(locked.json().error).toMatchObject({ code: 'CLAIM_TASK_ILLEGAL_TRANSITION', details: { state: 'SUBMITTED' } });

    const noNote = await handler.post(`${url}/review`, { decision: 'RETURN' });
    expect(noNote.statusCode).toBe(422);
    expect(noNote.json().error).toMatchObject({ code: 'CLAIM_REASON_REQUIRED', details: { field: 'note' } });
    expect(await ok(await handler.post(`${url}/review`, { decision: 'RETURN', note: '大灯价格偏高，请核实' }))).toMatchObject({ state: 'RETURNED', reviewNote: '大灯价格偏高，请核实', reviewedBy: { id: world.claimUsers.handler.id } });
    expect(await approvedItems(env.db, claimId, 'CAR_DAMAGE', 'VEHICLE')).toBe('0.00');

    await ok(await surveyor.put(url, { findings: '车损属实，大灯按 4S 店报价', version: 5, items: [item({ unitPrice: '3280.50' }), item({ name: '左前大灯', unitPrice: '1450.25', quantity: '2' }), item({ coverageCode: 'THIRD_PARTY', lossType: 'PROPERTY', unitPrice: '800' })] }));
    await ok(await surveyor.post(`${url}/submit`));
    expect(await ok(await handler2.post(`${url}/review`, { decision: 'APPROVE' }))).toMatchObject({ state: 'APPROVED', assessedAmount: '6981.00', reviewedBy: { id: world.claimUsers.handler2.id } });

    expect(await approvedItems(env.db, claimId, 'CAR_DAMAGE', 'VEHICLE')).toBe('6181.00');
    expect(await approvedItems(env.db, claimId, 'THIRD_PARTY', 'PROPERTY')).toBe('800.00');
    expect(await approvedItems(env.db, claimId, 'THIRD_PARTY', 'INJURY')).toBe('0.00');
    // An approved task is final.
    expect((await handler.post(`${url}/cancel`, { reason: '重复' })).statusCode).toBe(409);

    expect((await timeline(claimId)).map((e) => e.action)).toEqual(['task.dispatch', 'task.submit', 'task.review', 'task.submit', 'task.review']);
    expect((await audits(task.id)).map((a) => a.action)).toEqual([
      'claim.task.dispatch', 'claim.task.update', 'claim.task.update', 'claim.task.submit', 'claim.task.review', 'claim.task.update', 'claim.task.submit', 'claim.task.review',
    ]);
  });

  it('four-eyes: a handler who is also the assignee cannot review their own task', async () => {
    const both = await makeUser(env.db, { orgId: world.org.id, roles: [{ roleId: await makeRole(env.db, [...HANDLER_PERMISSIONS, 'claim:survey']), scope: 'subtree' }], name: '经办兼查勘' });
    const c = await signedIn(env.app, both.username);
    const claimId = await insertClaim();
    const task = await dispatched(handler, claimId, { kind: 'SURVEY', assigneeId: both.id });
    await ok(await c.put(`/api/v1/claim-tasks/${task.id}`, { findings: '现场查勘完毕', version: 1, items: [] }));
    await ok(await c.post(`/api/v1/claim-tasks/${task.id}/submit`));
    const own = await c.post(`/api/v1/claim-tasks/${task.id}/review`, { decision: 'APPROVE' });
    expect(own.statusCode).toBe(403);
    expect(own.json().error.code).toBe('CLAIM_FOUR_EYES');
    expect((await ok(await handler.get(`/api/v1/claim-tasks/${task.id}`))).state).toBe('SUBMITTED');
  });

  it('reassigns with a reason, cancels, and shows surveyors their own tasks by default', async () => {
    const claimId = await insertClaim({ state: 'REPORTED' });
    const task = await dispatched(handler, claimId, { kind: 'INJURY', assigneeId: world.claimUsers.surveyor.id });
    const url = `/api/v1/claim-tasks/${task.id}`;
    expect((await handler.post(`${url}/reassign`, { assigneeId: world.claimUsers.surveyor2.id, reason: ' ' })).json().error.code).toBe('CLAIM_REASON_REQUIRED');
    expect(await ok(await handler.post(`${url}/reassign`, { assigneeId: world.claimUsers.surveyor2.id, reason: '原查勘员休假' }))).toMatchObject({ assignee: { id: world.claimUsers.surveyor2.id }, version: 2 });
    expect((await surveyor.put(url, { findings: 'x', version: 2, items: [] })).json().error.code).toBe('CLAIM_NOT_ASSIGNEE');

    const mine = await ok(await surveyor2.get('/api/v1/claim-tasks?state=ASSIGNED&kind=INJURY'));
    expect(mine.items.map((t: { id: string }) => t.id)).toContain(task.id);
    expect(mine.items.every((t: { assignee: { id: string }; kind: string }) => t.assignee.id === world.claimUsers.surveyor2.id && t.kind === 'INJURY')).toBe(true);
    expect((await ok(await surveyor.get('/api/v1/claim-tasks'))).items.map((t: { id: string }) => t.id)).not.toContain(task.id);
    // Handlers see the tasks of claims in their scope.
    expect((await ok(await handler2.get(`/api/v1/claim-tasks?claimId=${claimId}`))).items).toEqual([expect.objectContaining({ id: task.id, claimNo: expect.any(String), org: { id: world.org.id, name: expect.any(String) } })]);

    expect(await ok(await handler.post(`${url}/cancel`, { reason: '无人伤' }))).toMatchObject({ state: 'CANCELLED' });
    await dispatched(handler, claimId, { kind: 'INJURY', assigneeId: world.claimUsers.surveyor.id }); // a cancelled task no longer blocks its kind
    const events = await timeline(claimId);
    expect(events.map((e) => e.action)).toEqual(['task.dispatch', 'task.reassign', 'task.cancel', 'task.dispatch']);
    expect(events[1]).toMatchObject({ note: '原查勘员休假', details: { from: world.claimUsers.surveyor.id, assigneeId: world.claimUsers.surveyor2.id } });
  });
});

// ---------------------------------------------------------------- documents

/** A real PNG image (8-bit RGB), its pixels from `pixel`. */
function png(width: number, height: number, pixel: (x: number, y: number) => [number, number, number]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const head = Buffer.alloc(4);
    head.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([head, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const rows = Array.from({ length: height }, (_, y) => Buffer.from([0, ...Array.from({ length: width }, (_, x) => pixel(x, y)).flat()]));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}
const PHOTO = png(4, 3, (x, y) => [200, 40 * x, 60 * y]);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n', 'latin1');

function upload(c: Client, claimId: string, payload: Buffer | Readable, contentType: string, query: Record<string, string> = {}) {
  const qs = new URLSearchParams({ kind: 'PHOTO', name: '现场照片', ...query });
  return env.app.inject({
    method: 'POST',
    url: `/api/v1/claims/${claimId}/documents?${qs}`,
    payload,
    headers: { 'content-type': contentType, cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'x-csrf-token': c.csrf! },
  });
}
const stored = async (claimId: string) => ({
  documents: (await env.db.selectFrom('claim_document').select('id').where('claim_id', '=', claimId).execute()).length,
  blobs: Number((await env.db.selectFrom('blob').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n),
});

describe('理赔资料 (documents)', () => {
  it('stores a file once by its SHA-256 however often it is uploaded, and gives back the same bytes', async () => {
    const claimId = await insertClaim();
    const before = await stored(claimId);
    const first = await upload(handler, claimId, PHOTO, 'image/png');
    expect(first.statusCode, first.body).toBe(201);
    const sha256 = crypto.createHash('sha256').update(PHOTO).digest('hex');
    const doc = first.json();
    expect(doc).toMatchObject({ kind: 'PHOTO', name: '现场照片', sha256, size: PHOTO.length, mime: 'image/png', taskId: null, uploadedBy: { id: world.claimUsers.handler.id }, href: `/api/v1/claims/${claimId}/documents/${doc.id}` });
    const second = await upload(handler2, claimId, PHOTO, 'image/png', { name: '现场照片（补传）' });
    expect(second.statusCode).toBe(201);
    expect(second.json()).toMatchObject({ sha256 });
    expect(await stored(claimId)).toEqual({ documents: before.documents + 2, blobs: before.blobs + 1 });
    expect((await upload(handler, claimId, PDF, 'application/pdf', { kind: 'INVOICE', name: '维修发票' })).json()).toMatchObject({ kind: 'INVOICE', mime: 'application/pdf' });

    const res = await handler.get(doc.href);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('现场照片.png')}`);
    expect(Buffer.compare(res.rawPayload, PHOTO)).toBe(0);

    expect((await timeline(claimId)).map((e) => e.action)).toEqual(['document.upload', 'document.upload', 'document.upload']);
    expect(await audits(doc.id)).toEqual([
      { action: 'claim.document.upload', details: expect.objectContaining({ claimId, sha256, size: PHOTO.length, mime: 'image/png' }) },
      { action: 'claim.document.download', details: expect.objectContaining({ claimId, sha256 }) },
    ]);
  });

  it('refuses a file over the size cap in force with 413 and stores nothing, whether or not its length was declared', async () => {
    const claimId = await insertClaim();
    await env.db.insertInto('claim_setting').values({ key: 'documents', value: JSON.stringify({ maxBytes: 2048 }), updated_by: null, updated_at: env.clock.now() }).execute();
    try {
      const noisy = png(40, 40, () => [...crypto.randomBytes(3)] as [number, number, number]);
      expect(noisy.length).toBeGreaterThan(2048);
      const before = await stored(claimId);
      for (const payload of [noisy, Readable.from([noisy.subarray(0, 1500), noisy.subarray(1500)])]) {
        const res = await upload(handler, claimId, payload, 'image/png');
        expect(res.statusCode).toBe(413);
        expect(res.json().error).toMatchObject({ code: 'DOCUMENT_TOO_LARGE', details: { maxBytes: 2048 } });
        expect(res.json().error.message).toContain('文件');
      }
      expect(await stored(claimId)).toEqual(before);
      expect(await timeline(claimId)).toEqual([]);
      expect((await upload(handler, claimId, PHOTO, 'image/png')).statusCode).toBe(201); // small files still pass
    } finally {
      await env.db.deleteFrom('claim_setting').where('key', '=', 'documents').execute();
    }
  });

  it('refuses other types, and content that is not what it claims to be, with 415 and stores nothing', async () => {
    const claimId = await insertClaim();
    const before = await stored(claimId);
    const cases: [Buffer, string][] = [
      [Buffer.from('出险经过：追尾前车\n', 'utf8'), 'text/plain'],
      [PHOTO, 'application/pdf'],
      [PDF, 'image/jpeg'],
      [Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'), 'image/gif'],
      [Buffer.from('{"a":1}'), 'application/json'],
      [PHOTO, 'png'], // not even a media type
    ];
    for (const [bytes, type] of cases) {
      const res = await upload(handler, claimId, bytes, type);
      expect(res.statusCode, `${type}: ${res.body}`).toBe(415);
      expect(res.json().error).toMatchObject({ code: 'DOCUMENT_TYPE_NOT_ALLOWED', details: { field: 'file' } });
      expect(res.json().error.message).toContain('文件');
    }
    expect((await upload(handler, claimId, PHOTO, 'image/png', { kind: 'DECLINE_LETTER' })).statusCode).toBe(400); // letters are generated, not uploaded
    expect((await upload(handler, claimId, PHOTO, 'image/png', { name: '' })).statusCode).toBe(400);
    expect(await stored(claimId)).toEqual(before);
  });

  it('lets a surveyor upload to their own task only, and shows another branch nothing', async () => {
    const claimId = await insertClaim();
    const task = await dispatched(handler, claimId, { kind: 'SURVEY', assigneeId: world.claimUsers.surveyor.id });
    const photo = await upload(surveyor, claimId, PHOTO, 'image/png', { taskId: task.id, name: '车头照片' });
    expect(photo.statusCode, photo.body).toBe(201);
    expect((await ok(await surveyor.get(`/api/v1/claim-tasks/${task.id}`))).documents).toEqual([expect.objectContaining({ id: photo.json().id, taskId: task.id, name: '车头照片' })]);
    expect((await upload(surveyor2, claimId, PHOTO, 'image/png', { taskId: task.id })).json().error.code).toBe('CLAIM_NOT_ASSIGNEE');
    const otherClaim = await insertClaim();
    expect((await upload(surveyor, otherClaim, PHOTO, 'image/png', { taskId: task.id })).json().error.code).toBe('CLAIM_TASK_NOT_ON_CLAIM');

    const other = await branch(1);
    const otherSurveyor = await signedIn(env.app, other.surveyors[0]!.username);
    for (const c of [other.handler, otherSurveyor]) {
      expect((await c.get(`/api/v1/claim-tasks/${task.id}`)).statusCode).toBe(404);
      expect((await c.get(photo.json().href)).statusCode).toBe(404);
      expect((await upload(c, claimId, PHOTO, 'image/png')).statusCode).toBe(404);
      expect((await ok(await c.get('/api/v1/claim-tasks?mine=false'))).items).toEqual([]);
    }
    expect((await dispatch(other.handler, claimId, { kind: 'DAMAGE' })).statusCode).toBe(404);
    expect((await other.handler.post(`/api/v1/claim-tasks/${task.id}/cancel`, { reason: '越权' })).statusCode).toBe(404);
  });
});
