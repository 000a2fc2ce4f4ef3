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
