// Demo data across modules, so a newcomer can work at once: the system module's branch, roles and
// users, then approved products (交强险, 商业车险, 定期寿险) and a handful of customers created
// through the modules' own services — every row validated and audited like a clerk's. Never in
// production (the CLI and `npm start -- --demo` refuse there).
import type { Config } from './config';
import type { Database } from './db/database';
import { shanghaiDate, type Clock } from './platform/clock';
import { contextForUser } from './platform/sessions';
import { createPartyModule } from './modules/party/index';
import { residentCheckChar, usccCheckChar } from './modules/party/identity';
import { createProductModule } from './modules/product/index';
import { definitionTemplate } from './modules/product/catalogue.rules';
import type { ProductLine } from '../contracts/product';
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
  return { report: lines.join('\n') };
}
