// Demo data: a provincial branch (江苏分公司) with 中心支公司, 支公司 and 网点, a user for each
// built-in role and the business roles (counter, products, underwriting, servicing approval, policy
// configuration), passwords printed once. Never in production (the CLI and `npm start -- --demo`
// refuse there).
import type { Database } from '../../db/database';
import type { DataScope } from '../../db/types';
import { writeAudit } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import { uuidv7 } from '../../platform/ids';
import { generateOneTimePassword, hashPassword } from '../../platform/password';
import { ensureInitialAdmin, SYSTEM_ACTOR } from './bootstrap';
import { insertOrg, insertUser } from './repository';

interface OrgSeed {
  code: string;
  name: string;
  type: string;
  children?: OrgSeed[];
}

const TREE: OrgSeed = {
  code: 'JS', name: '江苏分公司', type: 'BRANCH', children: [
    { code: 'JS-NJ', name: '南京中心支公司', type: 'CENTRAL_SUB', children: [
      { code: 'JS-NJ-GL', name: '鼓楼支公司', type: 'SUB', children: [
        { code: 'JS-NJ-GL-01', name: '鼓楼营业部', type: 'SALES_DEPT' },
        { code: 'JS-NJ-GL-02', name: '湖南路网点', type: 'OUTLET' },
      ] },
      { code: 'JS-NJ-JN', name: '江宁支公司', type: 'SUB', children: [{ code: 'JS-NJ-JN-01', name: '东山网点', type: 'OUTLET' }] },
    ] },
    { code: 'JS-SZ', name: '苏州中心支公司', type: 'CENTRAL_SUB', children: [
      { code: 'JS-SZ-GS', name: '姑苏支公司', type: 'SUB', children: [{ code: 'JS-SZ-GS-01', name: '观前街网点', type: 'OUTLET' }] },
      { code: 'JS-SZ-YQ', name: '园区支公司', type: 'SUB', children: [{ code: 'JS-SZ-YQ-01', name: '金鸡湖网点', type: 'OUTLET' }] },
    ] },
    { code: 'JS-WX', name: '无锡中心支公司', type: 'CENTRAL_SUB', children: [{ code: 'JS-WX-LX', name: '梁溪支公司', type: 'SUB' }] },
  ],
};

// Business roles name other modules' permissions as plain codes: the system module stays free of
// imports from them (src/server/demo.ts adds their data).
// What a counter sells and services with (policy administration, issue 4).
const SELLING = ['proposal:read', 'proposal:write', 'proposal:validate', 'proposal:collect', 'proposal:issue', 'proposal:export', 'policy:read', 'policy:export', 'policy:renew', 'endorsement:request'];
const COUNTER = ['party:read', 'party:write', 'party:import', 'party:export', 'rating:quote', 'actuarial:read', 'product:read', 'org:read', ...SELLING];

const ROLES = [
  { code: 'BRANCH_USER_ADMIN', name: '机构用户管理员', description: '管理本机构及下级的用户', permissions: ['org:read', 'user:read', 'user:write', 'session:read'] },
  { code: 'VIEWER', name: '只读查询员', description: '查看机构与用户', permissions: ['org:read', 'user:read'] },
  { code: 'COUNTER_CLERK', name: '柜面业务员', description: '登记客户、试算保费、投保出单、收费、保全申请、续保', permissions: COUNTER },
  { code: 'COUNTER_SUPERVISOR', name: '柜面主管', description: '柜面业务员的权限，另可查看完整个人信息、审批保全', permissions: [...COUNTER, 'pii:reveal', 'endorsement:approve'] },
  { code: 'PRODUCT_MANAGER', name: '产品经理', description: '维护产品与版本', permissions: ['product:read', 'product:write', 'rating:quote', 'actuarial:read', 'actuarial:write'] },
  { code: 'PRODUCT_APPROVER', name: '产品审核员', description: '审批产品版本（不得审批本人维护的版本）', permissions: ['product:read', 'product:approve', 'rating:quote', 'actuarial:read'] },
  { code: 'UNDERWRITER', name: '核保员', description: '人工核保转人工的投保单（在核保权限内）', permissions: ['proposal:read', 'proposal:underwrite', 'policy:read', 'party:read', 'product:read'] },
  { code: 'SERVICING_APPROVER', name: '保全审批员', description: '审批保全申请（不得审批本人申请的保全）', permissions: ['endorsement:approve', 'policy:read', 'proposal:read', 'party:read'] },
  { code: 'CLAIM_HANDLER', name: '理赔经办', description: '报案、立案、调度、估损、理算、提交核赔、支付登记、结案', permissions: ['claim:read', 'claim:report', 'claim:handle', 'claim:pay', 'claim:export', 'policy:read', 'party:read', 'org:read'] },
  { code: 'CLAIM_SURVEYOR', name: '查勘定损员', description: '处理分配给本人的查勘、定损、人伤任务，上传照片', permissions: ['claim:read', 'claim:survey'] },
  { code: 'CLAIM_APPROVER', name: '核赔员', description: '在核赔权限内核赔、拒赔（不得核赔本人经办的赔案）', permissions: ['claim:read', 'claim:approve', 'policy:read'] },
  { code: 'CLAIM_ADMIN', name: '理赔管理员', description: '维护核赔权限、拒赔原因、抽检规则；结案质检', permissions: ['claim:read', 'claim:configure', 'claim:review', 'claim:export', 'org:read', 'user:read'] },
  { code: 'POLICY_ADMIN', name: '承保管理员', description: '维护投保单号段、核保权限、核保规则、保全与续保参数', permissions: ['policy:configure', 'policy:read', 'proposal:read', 'org:read', 'user:read'] },
];

const USERS: { username: string; name: string; org: string; role: string; scope: DataScope }[] = [
  { username: 'secadmin', name: '周安全', org: 'HQ', role: 'SECURITY_ADMIN', scope: 'all' },
  { username: 'auditor', name: '钱审计', org: 'HQ', role: 'AUDITOR', scope: 'all' },
  { username: 'js_admin', name: '孙江苏', org: 'JS', role: 'BRANCH_USER_ADMIN', scope: 'subtree' },
  { username: 'nj_admin', name: '李南京', org: 'JS-NJ', role: 'BRANCH_USER_ADMIN', scope: 'subtree' },
  { username: 'sz_admin', name: '吴苏州', org: 'JS-SZ', role: 'BRANCH_USER_ADMIN', scope: 'subtree' },
  { username: 'nj_viewer', name: '郑查询', org: 'JS-NJ-GL', role: 'VIEWER', scope: 'org' },
  { username: 'gl_clerk', name: '王柜员', org: 'JS-NJ-GL', role: 'COUNTER_CLERK', scope: 'subtree' },
  { username: 'gl_lead', name: '冯主管', org: 'JS-NJ-GL', role: 'COUNTER_SUPERVISOR', scope: 'subtree' },
  { username: 'product_mgr', name: '陈产品', org: 'HQ', role: 'PRODUCT_MANAGER', scope: 'all' },
  { username: 'product_chk', name: '褚审核', org: 'HQ', role: 'PRODUCT_APPROVER', scope: 'all' },
  { username: 'gl_uw', name: '何核保', org: 'JS-NJ-GL', role: 'UNDERWRITER', scope: 'subtree' },
  { username: 'js_uw', name: '严高核', org: 'JS', role: 'UNDERWRITER', scope: 'subtree' },
  { username: 'gl_approver', name: '宋审批', org: 'JS-NJ-GL', role: 'SERVICING_APPROVER', scope: 'subtree' },
  { username: 'js_policy', name: '韩承保', org: 'JS', role: 'POLICY_ADMIN', scope: 'subtree' },
  { username: 'gl_claim', name: '唐理赔', org: 'JS-NJ-GL', role: 'CLAIM_HANDLER', scope: 'subtree' },
  { username: 'gl_survey', name: '许查勘', org: 'JS-NJ-GL', role: 'CLAIM_SURVEYOR', scope: 'subtree' },
  { username: 'gl_claim_uw', name: '孔核赔', org: 'JS-NJ-GL', role: 'CLAIM_APPROVER', scope: 'subtree' },
  { username: 'js_claim_uw', name: '曹高核赔', org: 'JS', role: 'CLAIM_APPROVER', scope: 'subtree' },
  { username: 'js_claim_admin', name: '魏理赔管理', org: 'JS', role: 'CLAIM_ADMIN', scope: 'subtree' },
];

/** `created` is false when the demo branch already exists (nothing was written). */
export async function seedDemo(db: Database, clock: Clock, opts: { onlyIfEmpty: boolean }): Promise<{ report: string; created: boolean } | null> {
  const admin = await ensureInitialAdmin(db, clock, undefined);
  if (opts.onlyIfEmpty || !admin.created) {
    const exists = await db.selectFrom('org').select('id').where('code', '=', TREE.code).executeTakeFirst();
    if (exists) return opts.onlyIfEmpty ? null : { report: '演示数据已存在（机构 JS），未重复创建 / demo data already present', created: false };
  }
  const now = clock.now();
  const lines: string[] = [];
  if (admin.created) lines.push(`  admin (系统管理员) 一次性密码: ${admin.password}`);
  const passwords = await Promise.all(USERS.map(async () => {
    const pw = generateOneTimePassword();
    return { pw, hash: await hashPassword(pw) };
  }));
  await db.transaction().execute(async (trx) => {
    const root = await trx.selectFrom('org').selectAll().where('parent_id', 'is', null).executeTakeFirstOrThrow();
    const orgIds = new Map<string, string>([[root.code, root.id]]);
    const insert = async (node: OrgSeed, parent: { id: string; path: string; depth: number }) => {
      const org = await insertOrg(trx, parent, node, now);
      orgIds.set(node.code, org.id);
      for (const c of node.children ?? []) await insert(c, org);
    };
    await insert(TREE, root);
    for (const r of ROLES) {
      await trx.insertInto('role').values({ id: uuidv7(), code: r.code, name: r.name, description: r.description, permissions: r.permissions, mfa_required: false, builtin: false, created_at: now, updated_at: now })
        .onConflict((oc) => oc.column('code').doNothing()).execute();
    }
    const roleIds = new Map((await trx.selectFrom('role').select(['id', 'code']).execute()).map((r) => [r.code, r.id]));
    for (const [i, u] of USERS.entries()) {
      await insertUser(trx, {
        username: u.username, name: u.name, orgId: orgIds.get(u.org)!, passwordHash: passwords[i].hash,
        mobile: `139${String(10000000 + i * 7919).slice(0, 8)}`, email: `${u.username}@demo.baoye.cn`, roles: [{ roleId: roleIds.get(u.role)!, scope: u.scope }],
      }, now);
      lines.push(`  ${u.username.padEnd(10)} ${u.name}  ${u.role}(${u.scope}) @ ${u.org}  一次性密码: ${passwords[i].pw}`);
    }
    await writeAudit(trx, SYSTEM_ACTOR, { action: 'demo.seed', details: { orgs: orgIds.size - 1, users: USERS.length } }, now);
  });
  return {
    report: `演示数据已创建 / demo data created (passwords shown once; first sign-in forces a change):\n${lines.join('\n')}`,
    created: true,
  };
}
