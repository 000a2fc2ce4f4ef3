// Claims in a given state for the payment and closing tests, written directly (as
// test/policy-fixtures.ts insertIssuedPolicy does for policies): a claim on one of claimWorld's
// policies with its coverages, reserve rows (OPEN) and, once approved, the approved amount — without
// running 报案/立案/理算/核赔 first.
import Decimal from 'decimal.js';
import type { ClaimCoverage, ClaimState, LossType } from '../../../contracts/claim';
import type { PolicyCoverage } from '../../../contracts/policy';
import type { ProductLine } from '../../../contracts/product';
import type { ClaimWorld } from '../../../../test/claim-fixtures';
import type { TestEnv } from '../../../../test/harness';
import { shanghaiDate } from '../../platform/clock';
import { uuidv7 } from '../../platform/ids';
import { lossTypesOf } from './coverage.rules';

let seq = 0;

export interface ClaimSetup {
  policy: keyof ClaimWorld['policies'];
  state: ClaimState;
  reserves: { coverageCode: string; lossType: LossType; amount: string }[];
  /** Fixed at approval; default: the reserves' total for APPROVED and later, else 0. */
  approved?: string;
  handlerId?: string;
  atFault?: boolean | null;
}

/** Inserts a claim as 报案/立案 (and 核赔 when APPROVED) would leave it; answers its id and number. */
export async function insertClaim(env: TestEnv, world: ClaimWorld, s: ClaimSetup): Promise<{ id: string; claimNo: string }> {
  const { db } = env;
  const at = env.clock.now();
  const policy = await db.selectFrom('policy').select(['id', 'org_id', 'line', 'coverages']).where('id', '=', world.policies[s.policy].policyId).executeTakeFirstOrThrow();
  const line = policy.line as ProductLine;
  const coverages: ClaimCoverage[] = (policy.coverages as PolicyCoverage[]).map((c) => ({
    code: c.code, name: c.name, limit: c.limit, deductible: c.deductible, sumInsured: c.sumInsured, lossTypes: lossTypesOf(line, c.code),
  }));
  const reserve = s.reserves.reduce((t, r) => t.plus(r.amount), new Decimal(0)).toFixed(2);
  const approved = s.approved ?? (['APPROVED', 'CLOSED'].includes(s.state) ? reserve : '0.00');
  const id = uuidv7(at.getTime());
  const claimNo = `BA${shanghaiDate(at).replaceAll('-', '')}T${String(++seq).padStart(5, '0')}${id.slice(-4)}`;
  const handler = s.handlerId ?? world.claimUsers.handler.id;
  await db
    .insertInto('claim')
    .values({
      id, claim_no: claimNo, policy_id: policy.id, org_id: policy.org_id, line, state: s.state, loss_at: new Date(at.getTime() - 86_400_000), loss_date: shanghaiDate(new Date(at.getTime() - 86_400_000)),
      loss_place: '上海市浦东新区世纪大道 100 号', loss_cause: 'COLLISION', description: '追尾碰撞', channel: 'PHONE', reporter_name: '王报案', reporter_phone_masked: '139****5678', reporter_phone_enc: null,
      reporter_relation: null, coverages: JSON.stringify(coverages), at_fault: s.atFault ?? null, liability_share: null, duplicate_of: null, handler_id: handler, reported_by: handler, reported_at: at,
      registered_by: s.state === 'REPORTED' ? null : handler, registered_at: s.state === 'REPORTED' ? null : at, approval_org_id: null, approved_amount: approved, outstanding_reserve: reserve,
      decline_code: null, decline_reason: null, closed_at: null, state_since: at, created_at: at, updated_at: at,
    })
    .execute();
  if (s.reserves.length > 0) {
    await db
      .insertInto('claim_reserve')
      .values(s.reserves.map((r) => ({ id: uuidv7(at.getTime()), claim_id: id, coverage_code: r.coverageCode, loss_type: r.lossType, kind: 'OPEN' as const, delta: r.amount, reason: '立案估损', created_by: handler, created_at: at })))
      .execute();
  }
  return { id, claimNo };
}

/** A payment body that passes every check (the account is a Luhn-valid 16-digit card number). */
export const paymentBody = (over: Record<string, unknown> = {}) => ({
  kind: 'FINAL',
  amount: '1000.00',
  payeeName: '张三',
  bankName: '中国工商银行上海分行',
  accountNo: '6222021234567894',
  ...over,
});
