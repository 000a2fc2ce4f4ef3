// Shapes shared by the server and the web app for the system-administration API (/api/v1).
// Types and constants only — no logic. The server's TypeBox schemas must match these.

export type DataScope = 'self' | 'org' | 'subtree' | 'all';

export const DATA_SCOPES: { value: DataScope; zh: string; en: string }[] = [
  { value: 'self', zh: '仅本人', en: 'Self only' },
  { value: 'org', zh: '本机构', en: 'Own org' },
  { value: 'subtree', zh: '本机构及下级', en: 'Own org and below' },
  { value: 'all', zh: '全部', en: 'All' },
];

export type OrgType = 'HEAD' | 'BRANCH' | 'CENTRAL_SUB' | 'SUB' | 'SALES_DEPT' | 'OUTLET';

export const ORG_TYPES: { value: OrgType; zh: string; en: string }[] = [
  { value: 'HEAD', zh: '总公司', en: 'Head office' },
  { value: 'BRANCH', zh: '分公司', en: 'Branch' },
  { value: 'CENTRAL_SUB', zh: '中心支公司', en: 'Central sub-branch' },
  { value: 'SUB', zh: '支公司', en: 'Sub-branch' },
  { value: 'SALES_DEPT', zh: '营业部', en: 'Sales department' },
  { value: 'OUTLET', zh: '网点', en: 'Outlet' },
];

export interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown>; requestId: string };
}

export interface Page<T> {
  items: T[];
  /** Exact up to a cap (10,000); when `totalCapped`, there are more. */
  total: number;
  totalCapped?: boolean;
  /** Where supported: pass as `cursor` to get the next page by keyset (any depth). */
  nextCursor?: string | null;
  page: number;
  pageSize: number;
}

export interface RoleRef {
  id: string;
  code: string;
  name: string;
  scope: DataScope;
}

export interface SignInResult {
  user: { id: string; username: string; name: string };
  mustChangePassword: boolean;
  /** Password accepted; a TOTP code must be sent to /auth/mfa/verify to finish signing in. */
  mfaRequired: boolean;
  /** A role requires MFA and the user has not enrolled yet: enroll from /me/mfa before working. */
  mfaEnrollmentRequired: boolean;
}

export interface Me {
  user: {
    id: string;
    username: string;
    name: string;
    orgId: string;
    orgCode: string;
    orgName: string;
    mfaEnabled: boolean;
  };
  roles: RoleRef[];
  permissions: string[];
  /** For each permission held, the widest data scope any role grants it with. */
  dataScopes: Record<string, DataScope>;
  mustChangePassword: boolean;
  mfaEnrollmentRequired: boolean;
}

export interface Org {
  id: string;
  code: string;
  name: string;
  type: OrgType;
  parentId: string | null;
  depth: number;
  status: 'ACTIVE' | 'CLOSED';
}

export interface UserListItem {
  id: string;
  username: string;
  name: string;
  orgId: string;
  orgName: string;
  status: 'ACTIVE' | 'DISABLED';
  roles: RoleRef[];
  /** Masked for display (3+4); reveal with POST /users/:id/reveal. */
  mobile: string | null;
  email: string | null;
  locked: boolean;
  mfaEnabled: boolean;
  createdAt: string;
}

export interface UserDetail extends UserListItem {
  mustChangePassword: boolean;
  lockedUntil: string | null;
  failedAttempts: number;
  updatedAt: string;
}

export interface Role {
  id: string;
  code: string;
  name: string;
  description: string | null;
  permissions: string[];
  mfaRequired: boolean;
  builtin: boolean;
  userCount: number;
}

export interface PermissionInfo {
  code: string;
  module: string;
  moduleName: string;
  name: string;
}

export interface SessionInfo {
  id: string;
  userId: string;
  username: string;
  name: string;
  orgName: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  ip: string | null;
  userAgent: string | null;
  current: boolean;
}

export interface AuditEvent {
  seq: string;
  id: string;
  occurredAt: string;
  userId: string | null;
  username: string | null;
  orgId: string | null;
  roles: string | null;
  ip: string | null;
  requestId: string | null;
  action: string;
  objectType: string | null;
  objectId: string | null;
  outcome: 'SUCCESS' | 'FAILURE' | 'DENIED';
  before: unknown;
  after: unknown;
  details: unknown;
}

export interface AuditPage {
  items: AuditEvent[];
  pageSize: number;
  /** Pass as `cursor` to fetch the next (older) page; null at the end. */
  nextCursor: string | null;
}

export interface AuditVerifyResult {
  ok: boolean;
  checked: number;
  firstBadSeq: string | null;
  problem: string | null;
}

/** Names of audit actions for people (the viewer, its filter and the Excel export). */
export const AUDIT_ACTIONS: Record<string, { zh: string; en: string }> = {
  'auth.login': { zh: '登录', en: 'Sign-in' },
  'auth.logout': { zh: '退出登录', en: 'Sign-out' },
  'auth.lockout': { zh: '账号锁定', en: 'Account locked' },
  'auth.mfa': { zh: '动态验证码验证', en: 'One-time code check' },
  'auth.mfa.setup': { zh: '开始绑定动态验证码', en: 'MFA enrolment started' },
  'auth.mfa.enable': { zh: '启用动态验证码', en: 'MFA enabled' },
  'auth.mfa.disable': { zh: '关闭动态验证码', en: 'MFA disabled' },
  'auth.password.change': { zh: '修改密码', en: 'Password changed' },
  'access.denied': { zh: '越权访问被拒绝', en: 'Access denied' },
  'org.create': { zh: '新建机构', en: 'Org created' },
  'org.update': { zh: '修改机构', en: 'Org updated' },
  'org.move': { zh: '移动机构', en: 'Org moved' },
  'user.create': { zh: '新建用户', en: 'User created' },
  'user.update': { zh: '修改用户', en: 'User updated' },
  'user.roles': { zh: '分配角色', en: 'Roles assigned' },
  'user.disable': { zh: '停用用户', en: 'User disabled' },
  'user.enable': { zh: '启用用户', en: 'User enabled' },
  'user.unlock': { zh: '解锁账号', en: 'Account unlocked' },
  'user.password.reset': { zh: '重置密码', en: 'Password reset' },
  'user.mfa.reset': { zh: '重置动态验证码', en: 'MFA reset' },
  'pii.reveal': { zh: '查看完整个人信息', en: 'Personal data revealed' },
  'role.create': { zh: '新建角色', en: 'Role created' },
  'role.update': { zh: '修改角色', en: 'Role updated' },
  'role.delete': { zh: '删除角色', en: 'Role deleted' },
  'session.end': { zh: '结束会话', en: 'Session ended' },
  'audit.export': { zh: '导出审计日志', en: 'Audit log exported' },
  'audit.verify': { zh: '校验审计日志链', en: 'Audit chain verified' },
  'demo.seed': { zh: '生成演示数据', en: 'Demo data created' },
  'actuarial.table.create': { zh: '上传生命表', en: 'Mortality table uploaded' },
  'rating.rate-table.create': { zh: '导入商业车险费率表', en: 'Commercial motor rate table loaded' },
  'party.person.create': { zh: '新建个人客户', en: 'Person created' },
  'party.person.update': { zh: '修改个人客户', en: 'Person updated' },
  'party.organization.create': { zh: '新建单位客户', en: 'Organization created' },
  'party.organization.update': { zh: '修改单位客户', en: 'Organization updated' },
  'party.relationship.create': { zh: '新建客户关系', en: 'Relationship added' },
  'party.relationship.end': { zh: '终止客户关系', en: 'Relationship ended' },
  'party.import': { zh: '导入客户', en: 'Customers imported' },
  'party.export': { zh: '导出客户', en: 'Customers exported' },
  'product.create': { zh: '新建产品', en: 'Product created' },
  'product.version.create': { zh: '新建产品版本', en: 'Product version created' },
  'product.version.update': { zh: '修改产品版本', en: 'Product version updated' },
  'product.version.approve': { zh: '审批产品版本', en: 'Product version approved' },
  'product.version.retire': { zh: '停售产品版本', en: 'Product version retired' },
  'product.export': { zh: '导出产品', en: 'Products exported' },
  'proposal.number-range.create': { zh: '新建投保单号段', en: 'Proposal number range created' },
  'proposal.number-range.close': { zh: '停用投保单号段', en: 'Proposal number range closed' },
  'proposal.create': { zh: '投保单编号登记', en: 'Proposal registered' },
  'proposal.update': { zh: '投保单录入', en: 'Proposal entered' },
  'proposal.submit': { zh: '投保单提交校验', en: 'Proposal submitted' },
  'proposal.validate': { zh: '投保单校验', en: 'Proposal validated' },
  'proposal.underwrite': { zh: '核保', en: 'Proposal underwritten' },
  'proposal.accept-conditions': { zh: '接受承保条件', en: 'Underwriting conditions accepted' },
  'proposal.reject-conditions': { zh: '不接受承保条件', en: 'Underwriting conditions refused' },
  'proposal.request-payment': { zh: '生成应收保费', en: 'Premium receivable raised' },
  'proposal.record-payment': { zh: '登记保费收费', en: 'Premium receipt recorded' },
  'proposal.issue': { zh: '出单', en: 'Policy issued' },
  'proposal.withdraw': { zh: '撤回投保单', en: 'Proposal withdrawn' },
  'proposal.export': { zh: '导出投保单', en: 'Proposals exported' },
  'policy.export': { zh: '导出保单', en: 'Policies exported' },
  'policy.print': { zh: '打印保单', en: 'Policy schedule printed' },
  'policy.lapse': { zh: '保单效力中止', en: 'Policy lapsed' },
  'policy.mature': { zh: '保单满期', en: 'Policy expired' },
  'policy.terminate': { zh: '保单终止', en: 'Policy terminated' },
  'policy.claim-record': { zh: '登记出险记录', en: 'Claim history recorded' },
  'policy.renewal.create': { zh: '生成续保投保单', en: 'Renewal proposal created' },
  'policy.setting.update': { zh: '修改保单参数', en: 'Policy settings changed' },
  'underwriting.authority.update': { zh: '修改核保权限', en: 'Underwriting authority changed' },
  'endorsement.request': { zh: '保全申请', en: 'Servicing item requested' },
  'endorsement.approve': { zh: '保全审批通过', en: 'Servicing item approved' },
  'endorsement.reject': { zh: '保全审批不通过', en: 'Servicing item rejected' },
  'endorsement.apply': { zh: '保全生效', en: 'Servicing item applied' },
  'endorsement.withdraw': { zh: '撤销保全申请', en: 'Servicing item withdrawn' },
  'endorsement.payment': { zh: '登记保全收付费', en: 'Servicing payment recorded' },
  'endorsement.export': { zh: '导出保全记录', en: 'Servicing items exported' },
  'claim.report': { zh: '报案登记', en: 'Claim reported' },
  'claim.duplicate': { zh: '处理疑似重复报案', en: 'Possible duplicate resolved' },
  'claim.update': { zh: '修改报案信息', en: 'Claim details changed' },
  'claim.register': { zh: '立案', en: 'Claim registered' },
  'claim.reserve': { zh: '估损调整', en: 'Reserve changed' },
  'claim.task.dispatch': { zh: '调度查勘/定损/人伤任务', en: 'Task dispatched' },
  'claim.task.reassign': { zh: '改派任务', en: 'Task reassigned' },
  'claim.task.update': { zh: '录入查勘定损结果', en: 'Task findings entered' },
  'claim.task.submit': { zh: '提交查勘定损结果', en: 'Task submitted' },
  'claim.task.review': { zh: '审核查勘定损（核价核损）', en: 'Task reviewed' },
  'claim.task.cancel': { zh: '撤销任务', en: 'Task cancelled' },
  'claim.document.upload': { zh: '上传理赔资料', en: 'Claim document uploaded' },
  'claim.document.download': { zh: '下载理赔资料', en: 'Claim document downloaded' },
  'claim.calculate': { zh: '理算', en: 'Calculation sheet computed' },
  'claim.submit-approval': { zh: '提交核赔', en: 'Submitted for approval' },
  'claim.approve': { zh: '核赔通过', en: 'Claim approved' },
  'claim.escalate': { zh: '上报上级核赔', en: 'Approval escalated' },
  'claim.return': { zh: '核赔退回', en: 'Returned to adjustment' },
  'claim.decline': { zh: '拒赔', en: 'Claim declined' },
  'claim.payment.create': { zh: '登记赔款支付', en: 'Claim payment created' },
  'claim.payment.paid': { zh: '确认赔款已支付', en: 'Claim payment marked paid' },
  'claim.payment.cancel': { zh: '取消赔款支付', en: 'Claim payment cancelled' },
  'claim.close': { zh: '结案', en: 'Claim closed' },
  'claim.withdraw': { zh: '注销赔案', en: 'Claim withdrawn' },
  'claim.reopen': { zh: '重开赔案', en: 'Claim reopened' },
  'claim.export': { zh: '导出赔案', en: 'Claims exported' },
  'claim.print': { zh: '打印理赔单证', en: 'Claim document printed' },
  'claim.authority.set': { zh: '设置核赔权限', en: 'Approval authority set' },
  'claim.authority.delete': { zh: '删除核赔权限', en: 'Approval authority removed' },
  'claim.setting.update': { zh: '修改理赔参数', en: 'Claim settings changed' },
  'claim.review.draw': { zh: '抽取质检赔案', en: 'Claims drawn for review' },
  'claim.review.complete': { zh: '完成结案质检', en: 'Claim review completed' },
  'policy.renewal.export': { zh: '导出续保清单', en: 'Renewal queue exported' },
};
