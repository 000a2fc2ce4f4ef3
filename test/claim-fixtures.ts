// Fixtures for claim tests: the policy world (a branch under the root, products, customers) plus
// claim users — handler, a second handler, two surveyors, a branch approver (authority 10,000 on
// every line), a head-office approver (1,000,000) in the root org, a payer, a reviewer and a
// configurer — and issued policies with every coverage a claim may need: 交强险 (three heads),
// 商业车险 (车损 120,000, 三者 1,000,000) and 定期寿险 (身故 500,000).
import type { PolicyCoverage } from '../src/contracts/policy';
import type { DataScope } from '../src/server/db/types';
import { shanghaiDate } from '../src/server/platform/clock';
import type { RequestContext } from '../src/server/platform/context';
import { uuidv7 } from '../src/server/platform/ids';
import { contextForUser } from '../src/server/platform/sessions';
import { makeRole, makeUser, rootOrg, type TestEnv } from './harness';
import { addDays } from '../src/server/modules/policy/numbering.rules';
import { insertIssuedPolicy, policyWorld, type PolicyWorld } from './policy-fixtures';

export const HANDLER_PERMISSIONS = ['claim:read', 'claim:report', 'claim:handle', 'claim:export', 'policy:read', 'party:read'];
export const SURVEYOR_PERMISSIONS = ['claim:read', 'claim:survey'];
export const APPROVER_PERMISSIONS = ['claim:read', 'claim:approve'];
export const PAYER_PERMISSIONS = ['claim:read', 'claim:pay'];
export const REVIEWER_PERMISSIONS = ['claim:read', 'claim:review'];
export const CLAIM_CONFIGURER_PERMISSIONS = ['claim:read', 'claim:configure'];

export const CTPL_COVERAGES: PolicyCoverage[] = [
  { code: 'DEATH_DISABILITY', name: '死亡伤残赔偿限额', limit: '180000.00', deductible: null, sumInsured: null, premium: null },
  { code: 'MEDICAL', name: '医疗费用赔偿限额', limit: '18000.00', deductible: null, sumInsured: null, premium: null },
  { code: 'PROPERTY', name: '财产损失赔偿限额', limit: '2000.00', deductible: null, sumInsured: null, premium: null },
];
export const COMMERCIAL_COVERAGES: PolicyCoverage[] = [
  { code: 'CAR_DAMAGE', name: '机动车损失保险', limit: null, deductible: null, sumInsured: '120000.00', premium: '2100.00' },
  { code: 'THIRD_PARTY', name: '第三者责任保险', limit: '1000000.00', deductible: null, sumInsured: null, premium: '1100.00' },
];

type ClaimUser = 'handler' | 'handler2' | 'surveyor' | 'surveyor2' | 'approver' | 'hqApprover' | 'payer' | 'reviewer' | 'claimConfigurer';

export interface ClaimWorld extends Omit<PolicyWorld, 'ctx'> {
  claimUsers: Record<ClaimUser, { id: string; username: string }>;
  ctx: (who: keyof PolicyWorld['users'] | ClaimUser) => Promise<RequestContext>;
  hq: { id: string; path: string };
  policies: { ctpl: { policyId: string; policyNo: string }; commercial: { policyId: string; policyNo: string }; term: { policyId: string; policyNo: string } };
}

/** Policies start 30 days before the test clock's today, so losses in the last month are covered. */
export async function claimWorld(env: TestEnv): Promise<ClaimWorld> {
  const { db } = env;
  const world = await policyWorld(env);
  const hq = await rootOrg(db);
  const role = async (perms: string[], scope: DataScope = 'subtree') => [{ roleId: await makeRole(db, perms), scope }];
  const claimUsers = {
    handler: await makeUser(db, { orgId: world.org.id, roles: await role(HANDLER_PERMISSIONS), name: '理赔经办' }),
    handler2: await makeUser(db, { orgId: world.org.id, roles: await role(HANDLER_PERMISSIONS), name: '理赔经办二' }),
    surveyor: await makeUser(db, { orgId: world.org.id, roles: await role(SURVEYOR_PERMISSIONS), name: '查勘员' }),
    surveyor2: await makeUser(db, { orgId: world.org.id, roles: await role(SURVEYOR_PERMISSIONS), name: '定损员' }),
    approver: await makeUser(db, { orgId: world.org.id, roles: await role([...APPROVER_PERMISSIONS, 'claim:handle']), name: '支公司核赔' }),
    hqApprover: await makeUser(db, { orgId: hq.id, roles: await role(APPROVER_PERMISSIONS), name: '总公司核赔' }),
    payer: await makeUser(db, { orgId: world.org.id, roles: await role(PAYER_PERMISSIONS), name: '理赔支付员' }),
    reviewer: await makeUser(db, { orgId: world.org.id, roles: await role(REVIEWER_PERMISSIONS), name: '质检员' }),
    claimConfigurer: await makeUser(db, { orgId: hq.id, roles: await role(CLAIM_CONFIGURER_PERMISSIONS, 'all'), name: '理赔管理员' }),
  };
  const at = env.clock.now();
  const authority = (userId: string, amount: string) =>
    ['CTPL', 'COMMERCIAL_MOTOR', 'TERM_LIFE', 'WHOLE_LIFE', 'HEALTH', 'ACCIDENT'].map((line) => ({ id: uuidv7(), user_id: userId, role_id: null, line, max_amount: amount, created_by: claimUsers.claimConfigurer.id, created_at: at }));
  await db.insertInto('claim_authority').values([...authority(claimUsers.approver.id, '10000.00'), ...authority(claimUsers.hqApprover.id, '1000000.00')]).execute();
  const start = addDays(shanghaiDate(at), -30);
  const policies = {
    ctpl: await insertIssuedPolicy(env, world, { product: 'ctpl', startDate: start, coverages: CTPL_COVERAGES }),
    commercial: await insertIssuedPolicy(env, world, { product: 'commercial', startDate: start, coverages: COMMERCIAL_COVERAGES }),
    term: await insertIssuedPolicy(env, world, { product: 'term', startDate: start }),
  };
  const ctx = (who: keyof PolicyWorld['users'] | ClaimUser) =>
    who in claimUsers ? contextForUser(db, claimUsers[who as ClaimUser].username, `test-${who}`) : world.ctx(who as keyof PolicyWorld['users']);
  return { ...world, claimUsers, ctx, hq: { id: hq.id, path: hq.path }, policies };
}
