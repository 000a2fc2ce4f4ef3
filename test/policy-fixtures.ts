// Fixtures for policy-administration tests: a branch with users, approved products (交强险,
// 商业车险, 定期寿险), customers and a proposal number range — made through the modules' own services
// where they exist — and `insertIssuedPolicy`, which writes an issued policy directly (for tests of
// reading, servicing and renewal that do not need to run the whole pipeline first).
import { sql } from 'kysely';
import type { ProductLine } from '../src/contracts/product';
import type { ProposalData, PolicyCoverage } from '../src/contracts/policy';
import type { DataScope } from '../src/server/db/types';
import { createPartyModule } from '../src/server/modules/party/index';
import { residentCheckChar } from '../src/server/modules/party/identity';
import { definitionTemplate } from '../src/server/modules/product/catalogue.rules';
import { createProductModule } from '../src/server/modules/product/index';
import { policyPeriod } from '../src/server/modules/policy/numbering.rules';
import { shanghaiDate } from '../src/server/platform/clock';
import type { RequestContext } from '../src/server/platform/context';
import { uuidv7 } from '../src/server/platform/ids';
import { contextForUser } from '../src/server/platform/sessions';
import { makeOrg, makeRole, makeUser, type TestEnv } from './harness';

let counter = 0;
const next = () => `${Date.now().toString(36).slice(-4)}${(counter++).toString(36)}`.toUpperCase();

/** Every permission a counter clerk of a branch needs to sell and service. */
export const CLERK_PERMISSIONS = [
  'party:read', 'party:write', 'product:read', 'rating:quote',
  'proposal:read', 'proposal:write', 'proposal:validate', 'proposal:collect', 'proposal:issue', 'proposal:export',
  'policy:read', 'policy:export', 'policy:renew', 'endorsement:request',
];
export const UNDERWRITER_PERMISSIONS = ['party:read', 'product:read', 'proposal:read', 'proposal:underwrite', 'policy:read'];
export const APPROVER_PERMISSIONS = ['party:read', 'policy:read', 'endorsement:approve', 'proposal:read'];
export const CONFIGURER_PERMISSIONS = ['policy:configure', 'policy:read', 'proposal:read'];

/** A valid resident ID for a birth date 'YYYYMMDD' (odd sequence = male). */
export function residentId(birth: string, seq: number, division = '310101'): string {
  const body = `${division}${birth}${String(seq).padStart(3, '0')}`;
  return body + residentCheckChar(body);
}

export interface PolicyWorld {
  org: { id: string; code: string; path: string };
  users: Record<'clerk' | 'clerk2' | 'underwriter' | 'seniorUnderwriter' | 'approver' | 'configurer', { id: string; username: string }>;
  ctx: (who: keyof PolicyWorld['users']) => Promise<RequestContext>;
  products: Record<'ctpl' | 'commercial' | 'term', { productId: string; versionId: string; code: string; line: ProductLine }>;
  parties: { holder: string; spouse: string; child: string; elderly: string; employer: string };
  rangeId: string;
}

/**
 * One branch under the root with its users (scope: the branch subtree), three approved products
 * effective today, five customers and an active proposal number range TB0000000001…
 */
export async function policyWorld(env: TestEnv): Promise<PolicyWorld> {
  const { db, clock, config } = env;
  const code = `BR${next()}`.slice(0, 12);
  const orgRow = await makeOrg(db, { code, name: `测试支公司${code}` });
  const org = { id: orgRow.id, code, path: orgRow.path };
  const role = async (perms: string[]) => [{ roleId: await makeRole(db, perms), scope: 'subtree' as DataScope }];
  const users = {
    clerk: await makeUser(db, { orgId: org.id, roles: await role(CLERK_PERMISSIONS), name: '柜面出单员' }),
    clerk2: await makeUser(db, { orgId: org.id, roles: await role(CLERK_PERMISSIONS), name: '录入员' }),
    underwriter: await makeUser(db, { orgId: org.id, roles: await role(UNDERWRITER_PERMISSIONS), name: '核保员' }),
    seniorUnderwriter: await makeUser(db, { orgId: org.id, roles: await role(UNDERWRITER_PERMISSIONS), name: '高级核保员' }),
    approver: await makeUser(db, { orgId: org.id, roles: await role(APPROVER_PERMISSIONS), name: '保全审批员' }),
    configurer: await makeUser(db, { orgId: org.id, roles: await role(CONFIGURER_PERMISSIONS), name: '业务管理员' }),
  };
  const maker = await makeUser(db, { orgId: org.id, roles: await role(['product:read', 'product:write']) });
  const checker = await makeUser(db, { orgId: org.id, roles: await role(['product:read', 'product:approve']) });
  const ctx = (who: keyof typeof users) => contextForUser(db, users[who].username, `test-${who}`);

  const { api } = createProductModule({ db, clock });
  const makerCtx = await contextForUser(db, maker.username);
  const checkerCtx = await contextForUser(db, checker.username);
  const today = shanghaiDate(clock.now());
  const product = async (line: ProductLine) => {
    const pcode = `T${line.slice(0, 4)}${next()}`.slice(0, 20);
    const created = await api.catalogue.create(makerCtx, {
      code: pcode,
      name: `测试${line}产品`,
      line,
      effectiveFrom: '2020-01-01',
      definition: { ...definitionTemplate(line), filingNo: `测试备案${pcode}` },
    });
    await api.catalogue.approve(checkerCtx, created.versions[0]!.id);
    return { productId: created.id, versionId: created.versions[0]!.id, code: pcode, line };
  };
  const products = { ctpl: await product('CTPL'), commercial: await product('COMMERCIAL_MOTOR'), term: await product('TERM_LIFE') };

  const party = createPartyModule({ db, clock, config });
  const clerkCtx = await ctx('clerk');
  const seq = () => 11 + 2 * (counter++ % 400);
  const person = async (name: string, birth: string) =>
    (await party.service!.createPerson(clerkCtx, { name, idType: 'RESIDENT_ID', idNumber: residentId(birth, seq(), ['310101', '310104', '310105', '320102'][counter % 4]), mobile: '13912345678' })).id;
  const parties = {
    holder: await person('张建华', '19860315'),
    spouse: await person('李雪梅', '19880620'),
    child: await person('张小宝', '20150101'),
    elderly: await person('王福贵', '19500808'),
    employer: '',
  };
  void today;

  const rangeId = uuidv7();
  const at = clock.now();
  await db
    .insertInto('proposal_number_range')
    .values({ id: rangeId, org_id: org.id, prefix: `TB${code.slice(-4)}`.replace(/[^A-Z0-9]/g, ''), start_no: 1, end_no: 99999999, next_no: 1, width: 10, status: 'ACTIVE', remark: null, created_by: users.configurer.id, created_at: at, updated_at: at })
    .execute();
  return { org, users, ctx, products, parties, rangeId };
}

export interface IssuedPolicyOptions {
  product?: 'ctpl' | 'commercial' | 'term';
  startDate?: string;
  premium?: string;
  sumAssured?: string | null;
  plateNo?: string | null;
  vin?: string | null;
  policyholderId?: string;
  insuredId?: string;
  state?: string;
  receiptDate?: string | null;
  coolingOffEnd?: string | null;
  paidToDate?: string | null;
  coverageTerm?: number | null;
  paymentMode?: string;
  paymentTerm?: number | null;
  data?: Partial<ProposalData>;
  policyNo?: string;
  /** Reissues of the printed policy (1 = the original). */
  documentVersion?: number;
  /** 特别约定 of a conditional acceptance (proposal.uw_conditions). */
  uwConditions?: string | null;
  extraPremium?: string;
  /** The policy's coverages (default: the product's first coverage only). */
  coverages?: PolicyCoverage[];
}

/** Writes an issued proposal and its in-force policy directly (no pipeline, no audit). */
export async function insertIssuedPolicy(env: TestEnv, world: PolicyWorld, o: IssuedPolicyOptions = {}): Promise<{ policyId: string; proposalId: string; policyNo: string }> {
  const { db, clock } = env;
  const which = o.product ?? 'ctpl';
  const p = world.products[which];
  const life = which === 'term';
  const start = o.startDate ?? shanghaiDate(clock.now());
  const years = life ? (o.coverageTerm ?? 20) : 1;
  const period = policyPeriod(start, years);
  if (!period.ok) throw new Error(period.message.en);
  const at = clock.now();
  const proposalId = uuidv7();
  const policyId = uuidv7();
  const n = next();
  const policyNo = o.policyNo ?? `P-${world.org.code}-${p.code.replace(/-/g, '_')}-2026${n.padStart(8, '0').slice(-8)}ZZ`;
  const vin = o.vin === undefined ? (life ? null : `LSV${n.padStart(14, '0').slice(-14)}`) : o.vin;
  const plate = o.plateNo === undefined ? (life ? null : `沪A${n.slice(-5)}`) : o.plateNo;
  const holder = o.policyholderId ?? world.parties.holder;
  const insured = o.insuredId ?? holder;
  const data: ProposalData = {
    policyholderId: holder,
    insuredId: insured,
    insuredRelation: holder === insured ? 'SELF' : 'SPOUSE',
    beneficiaries: [],
    startDate: start,
    sumAssured: o.sumAssured ?? (life ? '500000.00' : null),
    coverageTerm: life ? years : 1,
    paymentMode: (o.paymentMode ?? (life ? 'ANNUAL' : 'SINGLE')) as ProposalData['paymentMode'],
    paymentTerm: o.paymentTerm ?? (life ? 20 : null),
    motor: life ? null : { vehicle: { plateNo: plate, vin: vin!, engineNo: null, brandModel: '大众朗逸', usage: 'FAMILY', seats: 5, registrationDate: '2022-05-01', actualValue: '120000.00' }, region: '上海', ctplHistory: { claimFreeYears: 1, atFaultAccidentsLastYear: 0, fatalAtFaultLastYear: false } },
    life: life ? { occupationClass: 1, health: [] } : null,
    ...o.data,
  };
  const coverages: PolicyCoverage[] = o.coverages ?? (life
    ? [{ code: 'DEATH', name: '身故保险金', limit: null, deductible: null, sumInsured: data.sumAssured ?? null, premium: o.premium ?? '1200.00' }]
    : [{ code: 'DEATH_DISABILITY', name: '死亡伤残赔偿限额', limit: '180000.00', deductible: null, sumInsured: null, premium: null }]);
  const premium = o.premium ?? (life ? '1200.00' : '950.00');
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('proposal')
      .values({
        id: proposalId, proposal_no: `FX${n}`, org_id: world.org.id, product_id: p.productId, product_version_id: p.versionId, line: p.line, channel: 'DIRECT', state: 'ISSUED',
        policyholder_id: holder, insured_id: insured, start_date: start, sum_assured: data.sumAssured ?? null, premium, plate_no: plate, vin,
        data: JSON.stringify(data), quote: null, registered_by: world.users.clerk.id, entered_by: world.users.clerk.id, created_at: at, updated_at: at,
        uw_decision: o.uwConditions ? 'CONDITIONAL' : 'STANDARD', uw_conditions: o.uwConditions ?? null, uw_decided_at: at,
      })
      .execute();
    await trx
      .insertInto('proposal_party')
      .values([
        { proposal_id: proposalId, role: 'POLICYHOLDER', seq: 1, party_id: holder },
        { proposal_id: proposalId, role: 'INSURED', seq: 1, party_id: insured },
        ...(data.beneficiaries ?? []).map((b, i) => ({ proposal_id: proposalId, role: 'BENEFICIARY' as const, seq: i + 1, party_id: b.partyId })),
      ])
      .execute();
    await trx
      .insertInto('policy')
      .values({
        id: policyId, policy_no: policyNo, proposal_id: proposalId, org_id: world.org.id, product_id: p.productId, product_version_id: p.versionId, line: p.line, channel: 'DIRECT',
        state: o.state ?? 'IN_FORCE', policyholder_id: holder, insured_id: insured, plate_no: plate, vin, sum_assured: data.sumAssured ?? null, premium,
        payment_mode: data.paymentMode ?? 'SINGLE', payment_term: data.paymentTerm ?? null, coverage_term: years,
        start_date: start, end_date: period.value.endDate, starts_at: period.value.startsAt, ends_at: period.value.endsAt,
        receipt_date: o.receiptDate === undefined ? (life ? start : null) : o.receiptDate,
        cooling_off_end: o.coolingOffEnd === undefined ? null : o.coolingOffEnd,
        paid_to_date: o.paidToDate === undefined ? null : o.paidToDate,
        coverages: JSON.stringify(coverages), data: JSON.stringify(data), issued_at: at, issued_by: world.users.clerk.id, created_at: at, updated_at: at,
        document_version: o.documentVersion ?? 1, extra_premium: o.extraPremium ?? '0.00',
      })
      .execute();
    await sql`update proposal set policy_id = ${policyId} where id = ${proposalId}`.execute(trx);
    await trx.insertInto('policy_event').values({ id: uuidv7(), proposal_id: proposalId, policy_id: policyId, action: 'issue', from_state: 'PENDING_PAYMENT', to_state: 'ISSUED', actor_id: world.users.clerk.id, at, note: 'fixture', details: '{}' }).execute();
  });
  return { policyId, proposalId, policyNo };
}
