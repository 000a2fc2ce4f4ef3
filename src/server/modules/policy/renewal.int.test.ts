// Renewal (续保), the claim history it re-rates from, and the daily job (满期, 中止, 续保, 终止) run
// directly on a moved clock, through the platform's scheduler and from the CLI.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, makeOrg, makeRole, makeUser, signedIn, type Client, type TestEnv } from '../../../../test/harness';
import { CLERK_PERMISSIONS, insertIssuedPolicy, policyWorld, type PolicyWorld } from '../../../../test/policy-fixtures';
import { startWorkers } from '../../platform/workers';
import { contextForUser } from '../../platform/sessions';
import { createProductModule } from '../product/index';
import { createPolicyServices, type PolicyServices } from './index';
import { nextDailyRunAt } from './renewal.service';

let env: TestEnv;
let world: PolicyWorld;
let clerk: Client;
let services: PolicyServices;

const NOW = new Date('2026-11-24T02:00:00Z'); // 2026-11-24 10:00 in Shanghai

beforeAll(async () => {
  env = await createTestEnv();
  world = await policyWorld(env);
  clerk = await signedIn(env.app, world.users.clerk.username);
  services = createPolicyServices({ db: env.db, clock: env.clock, ...createProductModule({ db: env.db, clock: env.clock }).api });
});
afterAll(() => env?.close());

const policyRow = (id: string) => env.db.selectFrom('policy').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const renewalOf = (policyId: string) => env.db.selectFrom('proposal').selectAll().where('renewal_of_policy_id', '=', policyId).execute();
const timeline = (policyId: string) => env.db.selectFrom('policy_event').selectAll().where('policy_id', '=', policyId).orderBy('at').orderBy('id').execute();

describe('claim history', () => {
  it('records a claim within the period, audited and on the timeline', async () => {
    const { policyId } = await insertIssuedPolicy(env, world, { product: 'ctpl', startDate: '2026-03-01' });
    const res = await clerk.post(`/api/v1/policies/${policyId}/claim-records`, { lossDate: '2026-05-04', amount: '3200.5', atFault: true });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().items).toMatchObject([{ lossDate: '2026-05-04', amount: '3200.50', atFault: true, fatal: false, source: 'MANUAL', recordedBy: { id: world.users.clerk.id } }]);
    expect((await timeline(policyId)).at(-1)).toMatchObject({ action: 'claim-record', actor_id: world.users.clerk.id });
    expect(await env.db.selectFrom('audit_event').select('action').where('object_id', '=', policyId).execute()).toEqual([{ action: 'policy.claim-record' }]);

    const before = await clerk.post(`/api/v1/policies/${policyId}/claim-records`, { lossDate: '2026-02-28', amount: '1', atFault: false });
    expect(before.statusCode).toBe(422);
    expect(before.json().error).toMatchObject({ code: 'CLAIM_RECORD_DATE_INVALID', details: { field: 'lossDate' } });
    expect((await clerk.post(`/api/v1/policies/${policyId}/claim-records`, { lossDate: '2026-11-25', amount: '1', atFault: false })).json().error.message).toContain('不能晚于今天');
    expect((await clerk.get(`/api/v1/policies/${policyId}/claim-records`)).json().items).toHaveLength(1);
  });
});

describe('renewal proposals', () => {
  it('re-rates expiring policies from their claim history into draft proposals, once', async () => {
    // Expires 2026-12-09, within the 30 days: one with an at-fault claim, one claim-free.
    const claimed = await insertIssuedPolicy(env, world, { product: 'ctpl', startDate: '2025-12-10' });
    const clean = await insertIssuedPolicy(env, world, { product: 'ctpl', startDate: '2025-12-12' });
    const later = await insertIssuedPolicy(env, world, { product: 'ctpl', startDate: '2026-02-01' });
    const life = await insertIssuedPolicy(env, world, { product: 'term', startDate: '2025-12-10' });
    await clerk.post(`/api/v1/policies/${claimed.policyId}/claim-records`, { lossDate: '2026-06-01', amount: '5000.00', atFault: true });
    await clerk.post(`/api/v1/policies/${clean.policyId}/claim-records`, { lossDate: '2026-07-01', amount: '800.00', atFault: false });

    const run = await clerk.post('/api/v1/renewals/run');
    expect(run.statusCode, run.body).toBe(200);
    expect(run.json().created).toBeGreaterThanOrEqual(2);
    expect(await renewalOf(later.policyId)).toHaveLength(0);
    expect(await renewalOf(life.policyId)).toHaveLength(0);

    const [r] = await renewalOf(claimed.policyId);
    const old = await policyRow(claimed.policyId);
    expect(r).toMatchObject({ state: 'DRAFT', org_id: old.org_id, product_id: old.product_id, product_version_id: old.product_version_id, channel: old.channel, policyholder_id: old.policyholder_id, insured_id: old.insured_id, vin: old.vin, plate_no: old.plate_no, start_date: '2026-12-10', registered_by: world.users.clerk.id });
    expect(r!.proposal_no).toMatch(/^TB/);
    expect((r!.data as { motor: unknown }).motor).toMatchObject({ ctplHistory: { claimFreeYears: 0, atFaultAccidentsLastYear: 1, fatalAtFaultLastYear: false } });
    expect(r!.quote).toMatchObject({ ratingMethod: 'CTPL', ctpl: { floatFactor: 'A4' } });
    expect(r!.premium).toBe((r!.quote as { premium: string }).premium);
    const [c] = await renewalOf(clean.policyId);
    // Not-at-fault claims keep the policy claim-free: 1 year in the fixture becomes 2.
    expect((c!.data as { motor: unknown }).motor).toMatchObject({ ctplHistory: { claimFreeYears: 2, atFaultAccidentsLastYear: 0 } });
    expect(c!.quote).toMatchObject({ ctpl: { floatFactor: 'A2' } });

    expect(await env.db.selectFrom('proposal_party').select(['role', 'party_id']).where('proposal_id', '=', r!.id).orderBy('role').execute()).toEqual([
      { role: 'INSURED', party_id: old.insured_id },
      { role: 'POLICYHOLDER', party_id: old.policyholder_id },
    ]);
    expect(await env.db.selectFrom('policy_event').select(['action', 'to_state', 'actor_id']).where('proposal_id', '=', r!.id).execute()).toEqual([{ action: 'renewal', to_state: 'DRAFT', actor_id: world.users.clerk.id }]);
    expect(await env.db.selectFrom('audit_event').select('action').where('object_id', '=', r!.id).execute()).toEqual([{ action: 'policy.renewal.create' }]);

    // Idempotent: nothing more to create.
    expect((await clerk.post('/api/v1/renewals/run')).json().created).toBe(0);
    expect(await renewalOf(claimed.policyId)).toHaveLength(1);

    // The queue: proposed ones with their premiums, the later one only within a wider window.
    const queue = (await clerk.get('/api/v1/renewals')).json();
    const row = queue.items.find((i: { policy: { id: string } }) => i.policy.id === claimed.policyId);
    expect(row).toMatchObject({ daysToExpiry: 15, previousPremium: '950.00', claimsInPeriod: 1, renewalProposal: { id: r!.id, state: 'DRAFT', premium: r!.premium } });
    expect(queue.items.some((i: { policy: { id: string } }) => i.policy.id === later.policyId)).toBe(false);
    const wide = (await clerk.get('/api/v1/renewals?daysWithin=90&state=NO_PROPOSAL')).json();
    expect(wide.items.map((i: { policy: { id: string } }) => i.policy.id)).toContain(later.policyId);
    expect(wide.items.every((i: { renewalProposal: unknown }) => i.renewalProposal === null)).toBe(true);
    expect((await clerk.get(`/api/v1/renewals?q=${old.plate_no}`)).json().items.map((i: { policy: { id: string } }) => i.policy.id)).toEqual([claimed.policyId]);
    const xlsx = await clerk.get('/api/v1/renewals/export');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
  });

  it('counts the vehicle’s claims of three years for the NCD and adds an insured year', async () => {
    const vin = 'LSVNC123456789012';
    const motor = { vehicle: { plateNo: '沪B12345', vin, engineNo: null, brandModel: '大众', usage: 'FAMILY', seats: 5, registrationDate: '2022-05-01', actualValue: '120000.00' }, region: '上海', ncdHistory: { claimsLast3Years: 0, consecutiveInsuredYears: 2 }, coverages: [{ code: 'THIRD_PARTY', limit: '1000000.00' }] };
    const prior = await insertIssuedPolicy(env, world, { product: 'commercial', vin, plateNo: '沪B12345', startDate: '2024-12-10', state: 'MATURED', data: { motor } });
    const current = await insertIssuedPolicy(env, world, { product: 'commercial', vin, plateNo: '沪B12345', startDate: '2025-12-10', data: { motor } });
    await env.db.transaction().execute(async (trx) => {
      await services.renewals.recordClaim(trx, { policyId: prior.policyId, lossDate: '2025-03-01', amount: '2000.00', atFault: true, source: 'CLAIMS' });
      await services.renewals.recordClaim(trx, { policyId: current.policyId, lossDate: '2026-05-01', amount: '900.00', atFault: false, source: 'CLAIMS' });
    });
    expect((await clerk.post('/api/v1/renewals/run')).json().created).toBe(1);
    const [r] = await renewalOf(current.policyId);
    expect((r!.data as { motor: unknown }).motor).toMatchObject({ ncdHistory: { claimsLast3Years: 2, consecutiveInsuredYears: 3, newOrTransferred: false } });
    expect(r).toMatchObject({ quote: { ratingMethod: 'COMMERCIAL_MOTOR', version: { id: world.products.commercial.versionId } }, problems: [] });
    expect(r!.premium).toBe((r!.quote as { premium: string }).premium);
    expect((r!.quote as { explanation: string[] }).explanation.join('\n')).toContain('近三年出险 2 次，连续投保 3 年');
  });

  it('runs only within the caller’s scope', async () => {
    const { policyId } = await insertIssuedPolicy(env, world, { product: 'ctpl', startDate: '2025-12-15' });
    const elsewhere = await makeOrg(env.db, { code: `R${Date.now().toString(36)}`.toUpperCase() });
    const outsider = await makeUser(env.db, { orgId: elsewhere.id, roles: [{ roleId: await makeRole(env.db, CLERK_PERMISSIONS), scope: 'subtree' }] });
    const out = await signedIn(env.app, outsider.username);
    expect((await out.post('/api/v1/renewals/run')).json().created).toBe(0);
    expect((await out.get('/api/v1/renewals')).json().total).toBe(0);
    expect((await out.post(`/api/v1/policies/${policyId}/claim-records`, { lossDate: '2026-01-01', amount: '1', atFault: false })).statusCode).toBe(404);
    expect(await renewalOf(policyId)).toHaveLength(0);
  });
});

describe('the daily job', () => {
  it('matures, lapses, renews and terminates, with timeline and audit, and does nothing the second time', async () => {
    const expired = await insertIssuedPolicy(env, world, { product: 'ctpl', startDate: '2025-11-01' }); // last day 2026-10-31
    const unpaid = await insertIssuedPolicy(env, world, { product: 'term', startDate: '2025-09-01', paidToDate: '2026-09-01' }); // grace ends 2026-10-31
    const graced = await insertIssuedPolicy(env, world, { product: 'term', startDate: '2025-10-01', paidToDate: '2026-10-01' }); // grace ends 2026-11-30
    const stale = await insertIssuedPolicy(env, world, { product: 'term', state: 'LAPSED', startDate: '2023-06-01', paidToDate: '2024-06-01' }); // lapsed 2024-08-01, last day 2026-08-01
    const single = await insertIssuedPolicy(env, world, { product: 'term', paymentMode: 'SINGLE', startDate: '2025-01-01', paidToDate: '2025-01-01' });
    const due = await insertIssuedPolicy(env, world, { product: 'ctpl', startDate: '2025-12-20' });
    // A reinstatement requested on its last day whose back premium never came.
    const late = await insertIssuedPolicy(env, world, { product: 'term', state: 'LAPSED', startDate: '2023-09-20', premium: '1200.00', paidToDate: '2024-09-20' }); // lapsed 2024-11-20, last day 2026-11-20
    const t = (await clerk.post(`/api/v1/policies/${late.policyId}/endorsements/trial`, { item: 'REINSTATEMENT', effectiveDate: '2026-11-20' })).json();
    const re = (await clerk.post(`/api/v1/policies/${late.policyId}/endorsements`, { item: 'REINSTATEMENT', effectiveDate: '2026-11-20', expectedAmount: t.amount })).json();
    expect(re).toMatchObject({ state: 'APPLIED', appliedAt: null, billing: { status: 'OPEN' } });

    const first = await services.renewals.runDaily();
    expect(first).toMatchObject({ date: '2026-11-24' });
    expect(first.matured).toBeGreaterThanOrEqual(1);
    expect(await policyRow(expired.policyId)).toMatchObject({ state: 'MATURED', ended_on: '2026-11-01' });
    expect(await policyRow(unpaid.policyId)).toMatchObject({ state: 'LAPSED', ended_on: null });
    expect((await policyRow(graced.policyId)).state).toBe('IN_FORCE');
    expect((await policyRow(single.policyId)).state).toBe('IN_FORCE');
    expect(await policyRow(stale.policyId)).toMatchObject({ state: 'TERMINATED', ended_on: '2026-08-02' });
    expect((await policyRow(late.policyId)).state).toBe('TERMINATED');
    expect(await renewalOf(due.policyId)).toMatchObject([{ state: 'DRAFT', start_date: '2026-12-20', registered_by: world.users.clerk.id }]);

    expect((await timeline(expired.policyId)).at(-1)).toMatchObject({ action: 'mature', from_state: 'IN_FORCE', to_state: 'MATURED', actor_id: null });
    expect((await timeline(unpaid.policyId)).at(-1)).toMatchObject({ action: 'lapse', to_state: 'LAPSED', details: { paidToDate: '2026-09-01', lapseDate: '2026-11-01', graceDays: 60 } });
    expect((await timeline(stale.policyId)).at(-1)).toMatchObject({ action: 'terminate', from_state: 'LAPSED', to_state: 'TERMINATED' });
    const audit = await env.db.selectFrom('audit_event').select(['action', 'user_id', 'username']).where('object_id', 'in', [expired.policyId, unpaid.policyId, stale.policyId]).orderBy('seq').execute();
    expect(audit).toEqual([
      { action: 'policy.mature', user_id: null, username: 'system:policy.daily' },
      { action: 'policy.lapse', user_id: null, username: 'system:policy.daily' },
      { action: 'policy.terminate', user_id: null, username: 'system:policy.daily' },
    ]);
    // The reinstatement's receivable went with the policy; paying it now is refused.
    expect((await clerk.get(`/api/v1/endorsements/${re.id}`)).json().billing.status).toBe('CANCELLED');
    const pay = await clerk.post(`/api/v1/endorsements/${re.id}/payments`, { amount: t.amount, method: 'CASH', receivedOn: '2026-11-24' });
    expect(pay.statusCode).toBe(409);
    expect(pay.json().error).toMatchObject({ code: 'POLICY_ILLEGAL_TRANSITION', details: { state: 'TERMINATED' } });

    const events = await env.db.selectFrom('policy_event').select('id').execute();
    expect(await services.renewals.runDaily()).toEqual({ date: '2026-11-24', matured: 0, lapsed: 0, renewals: 0, renewalFailures: [], terminated: 0 });
    expect(await env.db.selectFrom('policy_event').select('id').execute()).toHaveLength(events.length);

    // A week later the second policy's grace has run out too.
    env.clock.set(new Date('2026-12-01T02:00:00Z'));
    try {
      const next = await services.renewals.runDaily();
      expect(next.lapsed).toBe(1);
      expect((await policyRow(graced.policyId)).state).toBe('LAPSED');
    } finally {
      env.clock.set(NOW);
    }
  });

  it('is scheduled at 02:00 Shanghai on the platform queue and queues its next run', async () => {
    expect(nextDailyRunAt(NOW).toISOString()).toBe('2026-11-24T18:00:00.000Z'); // 02:00 on the 25th
    expect(nextDailyRunAt(new Date('2026-11-23T17:00:00Z')).toISOString()).toBe('2026-11-23T18:00:00.000Z');
    expect(nextDailyRunAt(new Date('2026-11-23T18:00:00Z')).toISOString()).toBe('2026-11-24T18:00:00.000Z');

    const workers = startWorkers(env.db, env.clock, () => {}, [services.renewals.dailyJob]);
    try {
      await workers.scheduled;
      const queued = () => env.db.selectFrom('job').select(['run_at', 'status']).where('queue', '=', 'policy.daily').orderBy('run_at').execute();
      expect(await queued()).toEqual([{ run_at: new Date('2026-11-24T18:00:00Z'), status: 'QUEUED' }]);
      const { policyId } = await insertIssuedPolicy(env, world, { product: 'ctpl', startDate: '2025-11-20' }); // expired 2026-11-19
      env.clock.set(new Date('2026-11-24T18:00:00Z'));
      await workers.jobs.runDue();
      expect((await policyRow(policyId)).state).toBe('MATURED');
      expect(await queued()).toEqual([
        { run_at: new Date('2026-11-24T18:00:00Z'), status: 'DONE' },
        { run_at: new Date('2026-11-25T18:00:00Z'), status: 'QUEUED' },
      ]);
    } finally {
      await workers.stop();
      env.clock.set(NOW);
    }
  });

  it('runs from the command line', async () => {
    const root = path.resolve(__dirname, '../../../..');
    const r = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/server/cli.ts', 'policy-daily'], { cwd: root, env: { ...process.env, DATABASE_URL: env.url } });
    expect(r.stdout).toMatch(/保单日终处理 \/ policy daily run \d{4}-\d{2}-\d{2}: 满期 matured \d+, 中止 lapsed \d+, 续保投保单 renewals \d+, 终止 terminated \d+/);
  });
});

describe('a new product version', () => {
  it('renews on the version quotable on the day, not the expiring policy’s', async () => {
    const { policyId } = await insertIssuedPolicy(env, world, { product: 'ctpl', startDate: '2025-12-18' });
    const { catalogue } = createProductModule({ db: env.db, clock: env.clock }).api;
    const perms = async (p: string[]) => [{ roleId: await makeRole(env.db, p), scope: 'subtree' as const }];
    const maker = await makeUser(env.db, { orgId: world.org.id, roles: await perms(['product:read', 'product:write']) });
    const checker = await makeUser(env.db, { orgId: world.org.id, roles: await perms(['product:read', 'product:approve']) });
    const v2 = await catalogue.newVersion(await contextForUser(env.db, maker.username), world.products.ctpl.productId, '2027 版');
    await catalogue.approve(await contextForUser(env.db, checker.username), v2.id); // effective from tomorrow
    env.clock.set(new Date('2026-11-25T02:00:00Z'));
    try {
      const c = await signedIn(env.app, world.users.clerk.username);
      expect((await c.post('/api/v1/renewals/run')).json().created).toBeGreaterThanOrEqual(1);
      const [r] = await renewalOf(policyId);
      expect(r).toMatchObject({ product_id: world.products.ctpl.productId, product_version_id: v2.id });
      expect(r!.quote).toMatchObject({ version: { id: v2.id } });
    } finally {
      env.clock.set(NOW);
    }
  });
});
