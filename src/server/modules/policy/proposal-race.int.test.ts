// Concurrent requests on one proposal: the row lock lets exactly one transition win; the others get
// the 409 naming the state it left behind, and money is never recorded twice or beyond the premium.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, signedIn, type Client, type TestEnv } from '../../../../test/harness';
import { policyWorld, type PolicyWorld } from '../../../../test/policy-fixtures';

let env: TestEnv;
let world: PolicyWorld;
let clerk: Client;
let clerk2: Client;
const N = 5;

beforeAll(async () => {
  env = await createTestEnv();
  world = await policyWorld(env);
  clerk = await signedIn(env.app, world.users.clerk.username);
  clerk2 = await signedIn(env.app, world.users.clerk2.username);
});
afterAll(() => env?.close());

/** A 交强险 form for its own vehicle (VINs with valid check digits). */
const form = (vin: string, plateNo: string) => ({
  productVersionId: world.products.ctpl.versionId, channel: 'DIRECT', policyholderId: world.parties.holder, insuredId: world.parties.holder, startDate: '2026-11-25', paymentMode: 'SINGLE',
  motor: { vehicle: { plateNo, vin, engineNo: null, brandModel: null, usage: 'FAMILY', seats: 5, registrationDate: '2023-01-10' }, region: '北京' },
});

async function post(c: Client, url: string, body?: unknown) {
  return c.post(`/api/v1/proposals${url}`, body);
}
async function submitted(vin: string, plate: string): Promise<string> {
  const res = await post(clerk, '', form(vin, plate));
  expect(res.statusCode, res.body).toBe(201);
  const id = res.json().id as string;
  expect((await post(clerk, `/${id}/submit`)).statusCode).toBe(200);
  return id;
}
const statuses = (rs: { statusCode: number }[]) => rs.map((r) => r.statusCode).sort();

describe('concurrent transitions on one proposal', () => {
  it(`validates once when ${N} requests arrive together`, async () => {
    const id = await submitted('LFV2A21K0D3043512', '京N12345');
    const rs = await Promise.all(Array.from({ length: N }, () => post(clerk, `/${id}/validate`)));
    expect(statuses(rs)).toEqual([200, ...Array(N - 1).fill(409)]);
    for (const r of rs.filter((x) => x.statusCode === 409)) expect(r.json().error).toMatchObject({ code: 'PROPOSAL_ILLEGAL_TRANSITION', details: { state: 'PENDING_PAYMENT' } });
    const detail = (await clerk.get(`/api/v1/proposals/${id}`)).json();
    expect(detail.timeline.filter((e: any) => e.action === 'validate')).toHaveLength(1);
    expect(await env.db.selectFrom('billing_item').select('id').where('source_id', '=', id).execute()).toHaveLength(1);
  });

  it(`issues one policy when ${N} requests arrive together`, async () => {
    const id = await submitted('LFV2A21K2D3043513', '京N23456');
    const v = (await post(clerk, `/${id}/validate`)).json();
    expect((await post(clerk, `/${id}/payments`, { amount: v.premium, method: 'CASH', receivedOn: '2026-11-24' })).statusCode).toBe(200);
    const rs = await Promise.all(Array.from({ length: N }, (_, i) => post(i % 2 ? clerk2 : clerk, `/${id}/issue`, {})));
    expect(statuses(rs)).toEqual([201, ...Array(N - 1).fill(409)]);
    for (const r of rs.filter((x) => x.statusCode === 409)) {
      expect(r.json().error).toMatchObject({ code: 'PROPOSAL_ILLEGAL_TRANSITION', details: { state: 'ISSUED' } });
      expect(r.json().error.message).toContain('已承保');
    }
    expect(await env.db.selectFrom('policy').select('id').where('proposal_id', '=', id).execute()).toHaveLength(1);
    expect(await env.db.selectFrom('domain_event').select('id').where('type', '=', 'policy.issued').where(sql<string>`payload->>'proposalId'`, '=', id).execute()).toHaveLength(1);
  });

  it('records one of two receipts that would overpay together; the other is 422', async () => {
    const id = await submitted('LFV2A21K4D3043514', '京N34567');
    const v = (await post(clerk, `/${id}/validate`)).json();
    const almost = (Number(v.premium) - 1).toFixed(2);
    const rs = await Promise.all([
      post(clerk, `/${id}/payments`, { amount: almost, method: 'BANK_TRANSFER', reference: 'RACE-A', receivedOn: '2026-11-24' }),
      post(clerk2, `/${id}/payments`, { amount: almost, method: 'BANK_TRANSFER', reference: 'RACE-B', receivedOn: '2026-11-24' }),
    ]);
    expect(statuses(rs)).toEqual([200, 422]);
    expect(rs.find((r) => r.statusCode === 422)!.json().error).toMatchObject({ code: 'BILLING_OVERPAYMENT', details: { field: 'amount', outstanding: (Number(v.premium) - Number(almost)).toFixed(2) } });
    expect((await clerk.get(`/api/v1/proposals/${id}`)).json().collection).toMatchObject({ received: almost, outstanding: '1.00', status: 'OPEN' });
  });

  it('lets only one of two 交强险 proposals for the same vehicle through validation at a time', async () => {
    const a = await submitted('LFV2A21K6D3043515', '京N45678');
    const b = await submitted('LFV2A21K6D3043515', '京N45678');
    const [ra, rb] = await Promise.all([post(clerk, `/${a}/validate`), post(clerk2, `/${b}/validate`)]);
    expect([ra.statusCode, rb.statusCode]).toEqual([200, 200]);
    const states = [ra.json().state, rb.json().state].sort();
    expect(states).toEqual(['DRAFT', 'PENDING_PAYMENT']);
    const loser = [ra.json(), rb.json()].find((p) => p.state === 'DRAFT');
    expect(loser.problems).toEqual([{ code: 'PROPOSAL_DUPLICATE_POLICY', field: 'motor.vehicle.vin', message: expect.stringContaining('投保单') }]);
  });

  it('hands out distinct proposal numbers to concurrent registrations', async () => {
    const rs = await Promise.all(Array.from({ length: N }, (_, i) => post(i % 2 ? clerk2 : clerk, '', { productVersionId: world.products.term.versionId, channel: 'AGENT' })));
    expect(statuses(rs)).toEqual(Array(N).fill(201));
    expect(new Set(rs.map((r) => r.json().proposalNo)).size).toBe(N);
  });
});
