// What PostgreSQL guarantees for policy administration whatever the application does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../../test/harness';
import { insertIssuedPolicy, policyWorld, type PolicyWorld } from '../../../../test/policy-fixtures';
import { createBilling } from './billing';
import { allocatePolicyNumber, allocateProposalNumber } from './numbers';
import { isValidPolicyNumber } from './numbering.rules';

let env: TestEnv;
let world: PolicyWorld;

beforeAll(async () => {
  env = await createTestEnv();
  world = await policyWorld(env);
});
afterAll(() => env?.close());

const pgError = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    return (e as { constraint?: string }).constraint ?? String(e);
  }
  return null;
};

describe('policy schema', () => {
  it('allows one 交强险 policy in force per vehicle at a time, and a renewal that starts after the old one ends', async () => {
    const vin = 'LSVAB12345C678901';
    await insertIssuedPolicy(env, world, { product: 'ctpl', vin, startDate: '2026-01-10' });
    expect(await pgError(insertIssuedPolicy(env, world, { product: 'ctpl', vin, startDate: '2026-06-01' }))).toBe('policy_ctpl_vehicle_overlap');
    await expect(insertIssuedPolicy(env, world, { product: 'ctpl', vin, startDate: '2027-01-10' })).resolves.toBeTruthy();
    // 商业车险 may overlap (several commercial policies for one vehicle are legal).
    await insertIssuedPolicy(env, world, { product: 'commercial', vin, startDate: '2026-06-01' });
    await insertIssuedPolicy(env, world, { product: 'commercial', vin, startDate: '2026-07-01' });
  });

  it('hands out proposal numbers from the org range in order and refuses when none is left', async () => {
    const got = await env.db.transaction().execute(async (trx) => [await allocateProposalNumber(trx, world.org.id, new Date()), await allocateProposalNumber(trx, world.org.id, new Date())]);
    expect(got[0]).toMatch(/^TB[A-Z0-9]+0000000001$/);
    expect(got[1]).toMatch(/0000000002$/);
    const root = await env.db.selectFrom('org').select('id').where('parent_id', 'is', null).executeTakeFirstOrThrow();
    await expect(env.db.transaction().execute((trx) => allocateProposalNumber(trx, root.id, new Date()))).rejects.toMatchObject({ code: 'PROPOSAL_NO_RANGE' });
  });

  it('numbers policies per org, product and year with valid check characters', async () => {
    const [a, b] = await env.db.transaction().execute(async (trx) => [
      await allocatePolicyNumber(trx, 'sh-01', 'DEMO-CTPL', new Date('2026-12-31T17:00:00Z')),
      await allocatePolicyNumber(trx, 'sh-01', 'DEMO-CTPL', new Date('2026-12-31T17:00:00Z')),
    ]);
    expect(a).toMatch(/^P-SH_01-DEMO_CTPL-202700000001[0-9A-Z]{2}$/);
    expect(b).toMatch(/^P-SH_01-DEMO_CTPL-202700000002/);
    expect(isValidPolicyNumber(a!) && isValidPolicyNumber(b!)).toBe(true);
  });

  it('records partial receipts exactly and refuses overpayment and a second use of a reference', async () => {
    const billing = createBilling();
    const at = new Date();
    const id = await env.db.transaction().execute((trx) =>
      billing.raise(trx, { direction: 'RECEIVABLE', sourceType: 'PROPOSAL', sourceId: world.org.id, orgId: world.org.id, partyId: world.parties.holder, amount: '950.10', description: 'test', createdBy: null }, at),
    );
    const c1 = await env.db.transaction().execute((trx) => billing.record(trx, id, { amount: '0.10', method: 'BANK_TRANSFER', reference: 'REF-1', receivedOn: '2026-11-24', recordedBy: null }, at));
    expect(c1).toMatchObject({ received: '0.10', outstanding: '950.00', status: 'OPEN' });
    await expect(env.db.transaction().execute((trx) => billing.record(trx, id, { amount: '950.01', method: 'CASH', reference: null, receivedOn: '2026-11-24', recordedBy: null }, at))).rejects.toMatchObject({ code: 'BILLING_OVERPAYMENT' });
    expect(await pgError(env.db.transaction().execute((trx) => billing.record(trx, id, { amount: '1.00', method: 'BANK_TRANSFER', reference: 'REF-1', receivedOn: '2026-11-24', recordedBy: null }, at)))).toBe('billing_receipt_reference_key');
    const c2 = await env.db.transaction().execute((trx) => billing.record(trx, id, { amount: '950.00', method: 'CASH', reference: null, receivedOn: '2026-11-24', recordedBy: null }, at));
    expect(c2).toMatchObject({ received: '950.10', outstanding: '0.00', status: 'SETTLED' });
    await expect(env.db.transaction().execute((trx) => billing.record(trx, id, { amount: '1.00', method: 'CASH', reference: null, receivedOn: '2026-11-24', recordedBy: null }, at))).rejects.toMatchObject({ code: 'BILLING_ITEM_CLOSED' });
  });
});
