// Demo data across modules, so a newcomer can work at once: the system module's branch, roles and
// users, then approved products (交强险, 商业车险, 定期寿险), a handful of customers, proposal number
// ranges and underwriting authorities, and a little business — an issued motor bundle, an issued
// term-life policy and a life proposal waiting for an underwriter — created through the modules' own
// services, every row validated and audited like a clerk's (ranges and authorities are inserted
// directly: demo seeding, not an administrator's act). Never in production (the CLI and
// `npm start -- --demo` refuse there).
import type { Config } from './config';
import type { Database } from './db/database';
import { shanghaiDate, type Clock } from './platform/clock';
import { contextForUser } from './platform/sessions';
import { createPartyModule } from './modules/party/index';
import { residentCheckChar, usccCheckChar } from './modules/party/identity';
import { createProductModule } from './modules/product/index';
import { definitionTemplate } from './modules/product/catalogue.rules';
import { createPolicyServices } from './modules/policy/index';
import { vinCheckCharacter } from './modules/policy/vin.rules';
import { createPiiCrypto, resolvePiiKey } from './platform/pii-crypto';
import { uuidv7 } from './platform/ids';
import { HEALTH_QUESTION_CODES, type ProposalDetail, type ProposalInput } from '../contracts/policy';
import { PRODUCT_LINE_CODES, type ProductLine } from '../contracts/product';
import { seedDemo } from './modules/system/demo';

/** A valid 18-character resident ID for a division code, birth date (YYYYMMDD) and sequence. */
function residentId(division: string, birth: string, seq: number): string {
  const body = `${division}${birth}${String(seq).padStart(3, '0')}`;
  return body + residentCheckChar(body);
}

const PRODUCTS: { code: string; name: string; line: ProductLine; filingNo: string }[] = [
  { code: 'DEMO-CTPL', name: '机动车交通事故责任强制保险', line: 'CTPL', filingNo: '演示备案〔2020〕交强险001号' },
  { code: 'DEMO-AUTO', name: '机动车商业保险（演示费率）', line: 'COMMERCIAL_MOTOR', filingNo: '演示备案〔2020〕商车002号' },
  { code: 'DEMO-TERM', name: '安心定期寿险', line: 'TERM_LIFE', filingNo: '演示备案〔2026〕寿险003号' },
];

// [name, division, birth date, sequence (odd = male), mobile]
const PERSONS: [string, string, string, number, string][] = [
  ['李桂兰', '320102', '19650312', 24, '13912345601'],
  ['张伟', '320106', '19880721', 17, '13812345602'],
  ['王秀英', '320111', '19720105', 48, '13712345603'],
  ['刘洋', '320104', '19950930', 33, '13612345604'],
  ['陈静', '320105', '19910214', 62, '13512345605'],
  ['赵强', '320113', '19790818', 91, '15912345606'],
  ['孙丽', '320115', '20010603', 12, '18912345607'],
  ['周建国', '110101', '19580401', 15, '18612345608'],
];

/** A VIN with the GB 16735 check character in position 9. */
function vin(body17: string): string {
  return body17.slice(0, 8) + vinCheckCharacter(body17) + body17.slice(9);
}

/** 投保单号段: 鼓楼支公司 has its own stock; 南京 and 江苏 ones serve every other branch below them. */
const RANGES: { org: string; prefix: string; remark: string }[] = [
  { org: 'JS-NJ-GL', prefix: 'GL', remark: '鼓楼支公司投保单（演示）' },
  { org: 'JS-NJ', prefix: 'NJ', remark: '南京中心支公司及下级机构（演示）' },
  { org: 'JS', prefix: 'JS', remark: '江苏分公司及下级机构（演示）' },
];

const ORGANIZATIONS: { name: string; body: string; industry: string }[] = [
  { name: '南京鼓楼示范贸易有限公司', body: '91320106MA1XYK012', industry: '批发和零售业' },
  { name: '苏州园区演示科技股份有限公司', body: '91320594MA1DEMQ23', industry: '信息传输、软件和信息技术服务业' },
];

export async function seedDemoData(db: Database, clock: Clock, config: Config, opts: { onlyIfEmpty: boolean }): Promise<{ report: string } | null> {
  const base = await seedDemo(db, clock, opts);
  if (!base?.created) return base;
  const lines = [base.report];

  const { api } = createProductModule({ db, clock });
  const maker = await contextForUser(db, 'product_mgr', 'demo-seed');
  const checker = await contextForUser(db, 'product_chk', 'demo-seed');
  const today = shanghaiDate(clock.now());
  for (const p of PRODUCTS) {
    const created = await api.catalogue.create(maker, {
      code: p.code,
      name: p.name,
      line: p.line,
      effectiveFrom: today,
      definition: { ...definitionTemplate(p.line), filingNo: p.filingNo },
      note: '演示数据',
    });
    await api.catalogue.approve(checker, created.versions[0].id);
  }
  lines.push(`  产品 / products (approved, effective ${today}): ${PRODUCTS.map((p) => `${p.code} ${p.name}`).join('; ')}`);

  const party = createPartyModule({ db, clock, config });
  if (!party.service) throw new Error('party service needs a database');
  const clerk = await contextForUser(db, 'gl_clerk', 'demo-seed');
  const persons = [];
  for (const [name, division, birth, seq, mobile] of PERSONS) {
    persons.push(await party.service.createPerson(clerk, { name, idType: 'RESIDENT_ID', idNumber: residentId(division, birth, seq), mobile }));
  }
  for (const o of ORGANIZATIONS) {
    const employer = await party.service.createOrganization(clerk, { name: o.name, uscc: o.body + usccCheckChar(o.body), orgType: 'ENTERPRISE', industry: o.industry });
    await party.service.addRelationship(clerk, employer.id, { type: 'EMPLOYER_OF', toPartyId: persons[1].id, startDate: '2015-03-01' });
  }
  await party.service.addRelationship(clerk, persons[0].id, { type: 'PARENT_OF', toPartyId: persons[3].id });
  await party.service.addRelationship(clerk, persons[1].id, { type: 'SPOUSE', toPartyId: persons[4].id, startDate: '2018-10-01' });
  lines.push(`  客户 / customers: ${PERSONS.length} persons and ${ORGANIZATIONS.length} organizations at 鼓楼支公司 (gl_clerk)`);

  lines.push(...(await seedPolicyDemo(db, clock, config, persons.map((p) => p.id))));
  lines.push(...(await seedClaimDemo(db, clock)));
  return { report: lines.join('\n') };
}

/** 核赔权限 for the demo approvers (inserted directly: demo seeding, not an administrator's act). */
async function seedClaimDemo(db: Database, clock: Clock): Promise<string[]> {
  const now = clock.now();
  const users = new Map((await db.selectFrom('app_user').select(['id', 'username']).where('username', 'in', ['gl_claim_uw', 'js_claim_uw', 'js_claim_admin']).execute()).map((u) => [u.username, u.id]));
  const admin = users.get('js_claim_admin')!;
  const authority = (username: string, amount: string) => PRODUCT_LINE_CODES.map((line) => ({ id: uuidv7(), user_id: users.get(username)!, role_id: null, line, max_amount: amount, created_by: admin, created_at: now }));
  await db.insertInto('claim_authority').values([...authority('gl_claim_uw', '20000.00'), ...authority('js_claim_uw', '500000.00')]).execute();
  return ['  核赔权限 / claim approval authority: gl_claim_uw 全部险种 ≤ 20,000.00; js_claim_uw ≤ 500,000.00 (above: 上报 to 江苏分公司)'];
}

/** Number ranges, underwriting authorities and a little business for the policy pages. */
async function seedPolicyDemo(db: Database, clock: Clock, config: Config, personIds: string[]): Promise<string[]> {
  const now = clock.now();
  const orgs = new Map((await db.selectFrom('org').select(['id', 'code']).where('code', 'in', RANGES.map((r) => r.org)).execute()).map((o) => [o.code, o.id]));
  const users = new Map((await db.selectFrom('app_user').select(['id', 'username']).where('username', 'in', ['js_policy', 'gl_uw', 'js_uw']).execute()).map((u) => [u.username, u.id]));
  const admin = users.get('js_policy')!;
  await db
    .insertInto('proposal_number_range')
    .values(RANGES.map((r) => ({ id: uuidv7(), org_id: orgs.get(r.org)!, prefix: r.prefix, start_no: '1', end_no: '99999999', next_no: '1', width: 8, status: 'ACTIVE' as const, remark: r.remark, created_by: admin, created_at: now, updated_at: now })))
    .execute();
  // 核保权限: the branch underwriter decides term life up to 30万; the provincial one anything up to 500万.
  await db
    .insertInto('underwriting_authority')
    .values([
      { user_id: users.get('gl_uw')!, line: 'TERM_LIFE', max_sum_assured: '300000.00', updated_by: admin, updated_at: now },
      ...PRODUCT_LINE_CODES.map((line) => ({ user_id: users.get('js_uw')!, line, max_sum_assured: '5000000.00', updated_by: admin, updated_at: now })),
    ])
    .execute();
  const lines = [
    `  投保单号段 / proposal number ranges: ${RANGES.map((r) => `${r.prefix}00000001… @ ${r.org}`).join('; ')}`,
    '  核保权限 / underwriting authority: gl_uw 定期寿险 ≤ 300,000.00; js_uw 全部险种 ≤ 5,000,000.00',
  ];

  const product = createProductModule({ db, clock });
  const policy = createPolicyServices({ db, clock, ...product.api, pii: createPiiCrypto(resolvePiiKey(config)) });
  const clerk = await contextForUser(db, 'gl_clerk', 'demo-seed');
  const versions = await product.api.catalogue.quotable(clerk);
  const versionOf = (code: string) => versions.find((v) => v.productCode === code)!.id;
  const start = addDaysIso(shanghaiDate(now), 1);
  const [liGuilan, zhangWei, , liuYang, chenJing] = personIds;
  const sell = async (input: ProposalInput, pay: boolean): Promise<ProposalDetail> => {
    const p = await policy.proposals.create(clerk, input);
    await policy.proposals.submit(clerk, p.id);
    const v = await policy.proposals.validate(clerk, p.id);
    if (!pay || v.state !== 'PENDING_PAYMENT') return v;
    await policy.proposals.recordPayment(clerk, p.id, { amount: v.collection!.outstanding, method: 'CASH', receivedOn: shanghaiDate(now) });
    return (await policy.proposals.issue(clerk, p.id, { receiptDate: shanghaiDate(now) })).proposal;
  };
  const issued = (p: ProposalDetail) => (p.policy ? p.policy.policyNo : `${p.proposalNo}（${p.state}）`);

  // 张伟's car: 交强险 + 商业车险 sold together and issued.
  const motor = (line: 'CTPL' | 'COMMERCIAL_MOTOR', bundleWith: string | null): ProposalInput => ({
    productVersionId: versionOf(line === 'CTPL' ? 'DEMO-CTPL' : 'DEMO-AUTO'),
    channel: 'DIRECT',
    policyholderId: zhangWei,
    insuredId: zhangWei,
    startDate: start,
    coverageTerm: 1,
    paymentMode: 'SINGLE',
    bundleWith,
    motor: {
      vehicle: { plateNo: '苏A8D6K2', vin: vin('LSVNV2182L2000417'), engineNo: 'DMB203391', brandModel: '大众朗逸 1.5L', usage: 'FAMILY', seats: 5, registrationDate: '2021-03-15', actualValue: '98000.00' },
      region: '江苏',
      ...(line === 'CTPL'
        ? { ctplHistory: { claimFreeYears: 2, atFaultAccidentsLastYear: 0, fatalAtFaultLastYear: false } }
        : {
            ncdHistory: { claimsLast3Years: 0, consecutiveInsuredYears: 3 },
            coverages: [{ code: 'CAR_DAMAGE' }, { code: 'THIRD_PARTY', limit: '1000000' }, { code: 'DRIVER', sumInsured: '10000' }],
          }),
    },
  });
  const ctpl = await sell(motor('CTPL', null), true);
  const auto = await sell(motor('COMMERCIAL_MOTOR', ctpl.id), true);
  lines.push(`  车险 / motor (张伟 苏A8D6K2): 交强险 ${issued(ctpl)}, 商业车险 ${issued(auto)}`);

  // 李桂兰 insures her son 刘洋 (定期寿险 20 年, 年交), herself the beneficiary: issued.
  const noHealth = HEALTH_QUESTION_CODES.map((code) => ({ code, answer: false }));
  const term = versionOf('DEMO-TERM');
  const life = await sell(
    {
      productVersionId: term, channel: 'DIRECT', policyholderId: liGuilan, insuredId: liuYang, insuredRelation: 'CHILD',
      beneficiaries: [{ partyId: liGuilan, relation: 'PARENT', order: 1, sharePercent: '100' }],
      startDate: start, sumAssured: '300000.00', coverageTerm: 20, paymentMode: 'ANNUAL', paymentTerm: 20,
      life: { occupationClass: 1, health: noHealth },
    },
    true,
  );
  lines.push(`  寿险 / term life (李桂兰 → 刘洋): ${issued(life)}`);

  // 陈静 discloses a surgery: referred to an underwriter (gl_uw may decide it).
  const referred = await sell(
    {
      productVersionId: term, channel: 'DIRECT', policyholderId: chenJing, insuredId: chenJing, insuredRelation: 'SELF', startDate: start,
      sumAssured: '200000.00', coverageTerm: 20, paymentMode: 'ANNUAL', paymentTerm: 20,
      life: { occupationClass: 1, health: noHealth.map((h) => (h.code === 'SURGERY_5Y' ? { ...h, answer: true, detail: '2024 年 5 月腹腔镜胆囊切除术，已痊愈' } : h)) },
    },
    false,
  );
  lines.push(`  待人工核保 / referred: ${referred.proposalNo} 陈静 定期寿险 200,000.00（${referred.uwReferred ? 'gl_uw 核保工作台' : referred.state}）`);
  return lines;
}

/** 'YYYY-MM-DD' + n days. */
function addDaysIso(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
