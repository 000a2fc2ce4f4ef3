import { definePermissions } from '../../platform/permissions';

// Permissions of system administration. Built-in roles (migration 0001) use these codes.
export const P = {
  orgRead: 'org:read',
  orgWrite: 'org:write',
  userRead: 'user:read',
  userWrite: 'user:write',
  userUnlock: 'user:unlock',
  roleRead: 'role:read',
  roleWrite: 'role:write',
  roleGrantBuiltin: 'role:grant-builtin',
  sessionRead: 'session:read',
  sessionWrite: 'session:write',
  auditRead: 'audit:read',
  auditExport: 'audit:export',
  piiReveal: 'pii:reveal',
} as const;

definePermissions('org', { zh: '机构管理', en: 'Organizations' }, {
  read: { zh: '查看机构', en: 'View orgs' },
  write: { zh: '维护机构', en: 'Manage orgs' },
});
definePermissions('user', { zh: '用户管理', en: 'Users' }, {
  read: { zh: '查看用户', en: 'View users' },
  write: { zh: '维护用户', en: 'Manage users' },
  unlock: { zh: '解锁账号', en: 'Unlock accounts' },
});
definePermissions('role', { zh: '角色权限', en: 'Roles' }, {
  read: { zh: '查看角色', en: 'View roles' },
  write: { zh: '维护角色', en: 'Manage roles' },
  'grant-builtin': { zh: '分配安全/审计管理员角色', en: 'Grant built-in officer roles' },
});
definePermissions('session', { zh: '会话管理', en: 'Sessions' }, {
  read: { zh: '查看会话', en: 'View sessions' },
  write: { zh: '结束会话', en: 'End sessions' },
});
definePermissions('audit', { zh: '审计日志', en: 'Audit log' }, {
  read: { zh: '查看审计日志', en: 'View audit log' },
  export: { zh: '导出审计日志', en: 'Export audit log' },
});
definePermissions('pii', { zh: '个人信息', en: 'Personal data' }, {
  reveal: { zh: '查看完整个人信息', en: 'Reveal personal data' },
});
