import { AppError } from '../../platform/errors';
import { registerConstraint } from '../../platform/http/errors';
import { passwordRuleText, type PasswordRule } from '../../platform/password';

export const systemErrors = {
  invalidCredentials: () =>
    new AppError('unauthenticated', 'AUTH_INVALID_CREDENTIALS', { zh: '用户名或密码错误', en: 'wrong username or password' }),
  accountLocked: (lockedUntil: Date) =>
    new AppError(
      'locked',
      'AUTH_ACCOUNT_LOCKED',
      { zh: `连续登录失败次数过多，账号已锁定至 ${fmt(lockedUntil)}`, en: `too many failed sign-ins; locked until ${lockedUntil.toISOString()}` },
      { lockedUntil: lockedUntil.toISOString() },
    ),
  accountDisabled: () => new AppError('forbidden', 'AUTH_ACCOUNT_DISABLED', { zh: '账号已停用，请联系管理员', en: 'account disabled' }),
  mfaInvalid: () => new AppError('unprocessable', 'AUTH_MFA_INVALID', { zh: '动态验证码不正确或已过期', en: 'wrong or expired one-time code' }),
  mfaNotStarted: () => new AppError('conflict', 'AUTH_MFA_NOT_STARTED', { zh: '请先生成绑定二维码', en: 'start MFA setup first' }),
  mfaRequiredByRole: () => new AppError('conflict', 'AUTH_MFA_REQUIRED_BY_ROLE', { zh: '您的角色要求双因素认证，不能关闭', en: 'your role requires MFA' }),
  passwordWeak: (rules: PasswordRule[], field: 'newPassword' | 'password' = 'newPassword') =>
    new AppError(
      'unprocessable',
      'AUTH_PASSWORD_WEAK',
      {
        zh: `${field === 'password' ? '密码' : '新密码'}不符合要求：${rules.map((r) => passwordRuleText[r].zh).join('；')}`,
        en: `${field === 'password' ? 'password' : 'new password'}: ${rules.map((r) => passwordRuleText[r].en).join('; ')}`,
      },
      { field, rules },
    ),
  orgNotFound: () => new AppError('not_found', 'ORG_NOT_FOUND', { zh: '机构不存在或无权访问', en: 'org not found' }),
  orgMoveIntoOwnSubtree: () =>
    new AppError('unprocessable', 'ORG_MOVE_INTO_OWN_SUBTREE', { zh: '不能把机构移动到它自己或它的下级机构之下', en: 'cannot move an org under itself or its descendants' }, { field: 'parentId' }),
  orgRootImmovable: () => new AppError('unprocessable', 'ORG_ROOT_IMMOVABLE', { zh: '总公司（根机构）不能移动', en: 'the root org cannot move' }),
  orgHasChildrenOrUsers: () => new AppError('conflict', 'ORG_NOT_EMPTY', { zh: '机构下仍有下级机构或用户，不能撤销', en: 'org still has children or users' }),
  userNotFound: () => new AppError('not_found', 'USER_NOT_FOUND', { zh: '用户不存在或无权访问', en: 'user not found' }),
  userSelfChange: () => new AppError('unprocessable', 'USER_SELF_CHANGE', { zh: '不能停用自己或修改自己的角色', en: 'cannot disable yourself or change your own roles' }),
  roleNotFound: () => new AppError('not_found', 'ROLE_NOT_FOUND', { zh: '角色不存在', en: 'role not found' }, { field: 'roleId' }),
  roleGrantExceedsOwn: (what: string) =>
    new AppError('forbidden', 'ROLE_GRANT_EXCEEDS_OWN', { zh: `不能授予超出自身权限或数据范围的角色：${what}`, en: `cannot grant beyond your own permissions or scope: ${what}` }, { role: what }),
  roleBuiltinImmutable: () => new AppError('conflict', 'ROLE_BUILTIN_IMMUTABLE', { zh: '内置角色的代码和权限不能修改，也不能删除', en: 'built-in roles cannot change permissions or be deleted' }),
  roleInUse: (n: number) => new AppError('conflict', 'ROLE_IN_USE', { zh: `仍有 ${n} 个用户使用该角色，不能删除`, en: `${n} users still hold this role` }, { users: n }),
  unknownPermission: (code: string) =>
    new AppError('invalid', 'ROLE_UNKNOWN_PERMISSION', { zh: `权限：未知的权限 ${code}`, en: `permissions: unknown permission ${code}` }, { field: 'permissions', permission: code }),
  pageTooDeep: (cap: number) =>
    new AppError('invalid', 'LIST_PAGE_TOO_DEEP', { zh: `页码：列表最多可翻到第 ${cap} 条，请用查询条件缩小范围`, en: `page: lists page through the first ${cap} rows; narrow the filters` }, { field: 'page', cap }),
  sessionNotFound: () => new AppError('not_found', 'SESSION_NOT_FOUND', { zh: '会话不存在或已结束', en: 'session not found' }),
};

function fmt(d: Date): string {
  return new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(d);
}

registerConstraint('org_code_key', 'conflict', 'ORG_CODE_TAKEN', { zh: '机构代码已被使用', en: 'org code already in use' }, 'code');
registerConstraint('app_user_username_key', 'conflict', 'USER_USERNAME_TAKEN', { zh: '用户名已被使用', en: 'username already in use' }, 'username');
registerConstraint('role_code_key', 'conflict', 'ROLE_CODE_TAKEN', { zh: '角色代码已被使用', en: 'role code already in use' }, 'code');
