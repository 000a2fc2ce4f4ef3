// TypeBox schemas of the system-administration API. They mirror src/contracts/system.ts.
import { Type, type Static, type TSchema } from '@sinclair/typebox';

export { ErrorBodySchema, errorResponses } from '../../platform/http/schemas';

const Strict = { additionalProperties: false } as const;
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const ScopeSchema = Type.Union([Type.Literal('self'), Type.Literal('org'), Type.Literal('subtree'), Type.Literal('all')]);
export const OrgTypeSchema = Type.Union(['HEAD', 'BRANCH', 'CENTRAL_SUB', 'SUB', 'SALES_DEPT', 'OUTLET'].map((v) => Type.Literal(v)));
export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) }, Strict);
export const PageQuery = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
};

export const RoleRefSchema = Type.Object({ id: Type.String(), code: Type.String(), name: Type.String(), scope: ScopeSchema });

// --- auth
export const LoginBody = Type.Object({ username: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 256 }) }, Strict);
export const MfaCodeBody = Type.Object({ code: Type.String({ pattern: '^[0-9]{6}$' }) }, Strict);
export const SignInResultSchema = Type.Object({
  user: Type.Object({ id: Type.String(), username: Type.String(), name: Type.String() }),
  mustChangePassword: Type.Boolean(),
  mfaRequired: Type.Boolean(),
  mfaEnrollmentRequired: Type.Boolean(),
});
export const ChangePasswordBody = Type.Object({ oldPassword: Type.String({ minLength: 1, maxLength: 256 }), newPassword: Type.String({ minLength: 1, maxLength: 256 }) }, Strict);
export const PasswordBody = Type.Object({ password: Type.String({ minLength: 1, maxLength: 256 }) }, Strict);
export const MeSchema = Type.Object({
  user: Type.Object({
    id: Type.String(),
    username: Type.String(),
    name: Type.String(),
    orgId: Type.String(),
    orgCode: Type.String(),
    orgName: Type.String(),
    mfaEnabled: Type.Boolean(),
  }),
  roles: Type.Array(RoleRefSchema),
  permissions: Type.Array(Type.String()),
  dataScopes: Type.Record(Type.String(), ScopeSchema),
  mustChangePassword: Type.Boolean(),
  mfaEnrollmentRequired: Type.Boolean(),
});
export const MfaSetupSchema = Type.Object({ secret: Type.String(), otpauthUrl: Type.String(), qrDataUrl: Type.String() });

// --- orgs
export const OrgSchema = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  type: OrgTypeSchema,
  parentId: Nullable(Type.String()),
  depth: Type.Integer(),
  status: Type.Union([Type.Literal('ACTIVE'), Type.Literal('CLOSED')]),
});
export type OrgDto = Static<typeof OrgSchema>;
const OrgCode = Type.String({ minLength: 1, maxLength: 32, pattern: '^[A-Za-z0-9_-]+$' });
const OrgName = Type.String({ minLength: 1, maxLength: 100 });
export const CreateOrgBody = Type.Object({ code: OrgCode, name: OrgName, type: OrgTypeSchema, parentId: Type.String({ format: 'uuid' }) }, Strict);
export const UpdateOrgBody = Type.Object(
  { code: Type.Optional(OrgCode), name: Type.Optional(OrgName), type: Type.Optional(OrgTypeSchema), status: Type.Optional(Type.Union([Type.Literal('ACTIVE'), Type.Literal('CLOSED')])) },
  Strict,
);
export const MoveOrgBody = Type.Object({ parentId: Type.String({ format: 'uuid' }) }, Strict);

// --- users
export const UserListItemSchema = Type.Object({
  id: Type.String(),
  username: Type.String(),
  name: Type.String(),
  orgId: Type.String(),
  orgName: Type.String(),
  status: Type.Union([Type.Literal('ACTIVE'), Type.Literal('DISABLED')]),
  roles: Type.Array(RoleRefSchema),
  mobile: Nullable(Type.String()),
  email: Nullable(Type.String()),
  locked: Type.Boolean(),
  mfaEnabled: Type.Boolean(),
  createdAt: Type.String(),
});
export const UserDetailSchema = Type.Intersect([
  UserListItemSchema,
  Type.Object({ mustChangePassword: Type.Boolean(), lockedUntil: Nullable(Type.String()), failedAttempts: Type.Integer(), updatedAt: Type.String() }),
]);
export const UserSort = Type.Union(['username', '-username', 'name', '-name', 'createdAt', '-createdAt'].map((v) => Type.Literal(v)));
export const UserListQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 64 })),
    orgId: Type.Optional(Type.String({ format: 'uuid' })),
    subOrgs: Type.Optional(Type.Boolean({ default: true })),
    status: Type.Optional(Type.Union([Type.Literal('ACTIVE'), Type.Literal('DISABLED')])),
    roleId: Type.Optional(Type.String({ format: 'uuid' })),
    sort: Type.Optional(UserSort),
    /** `nextCursor` of the previous page: keyset paging, any depth (page is then ignored). */
    cursor: Type.Optional(Type.String({ maxLength: 400 })),
    ...PageQuery,
  },
  Strict,
);
export type UserListQueryT = Static<typeof UserListQuery>;
export const RoleGrant = Type.Object({ roleId: Type.String({ format: 'uuid' }), scope: ScopeSchema }, Strict);
const Username = Type.String({ minLength: 2, maxLength: 64, pattern: '^[A-Za-z0-9_.@-]+$' });
const PersonName = Type.String({ minLength: 1, maxLength: 50 });
const Mobile = Type.String({ pattern: '^1[0-9]{10}$' });
const Email = Type.String({ maxLength: 120, pattern: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$' });
export const CreateUserBody = Type.Object(
  {
    username: Username,
    name: PersonName,
    orgId: Type.String({ format: 'uuid' }),
    mobile: Type.Optional(Nullable(Mobile)),
    email: Type.Optional(Nullable(Email)),
    password: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
    roles: Type.Array(RoleGrant, { maxItems: 20, default: [] }),
  },
  Strict,
);
export const UpdateUserBody = Type.Object(
  { name: Type.Optional(PersonName), orgId: Type.Optional(Type.String({ format: 'uuid' })), mobile: Type.Optional(Nullable(Mobile)), email: Type.Optional(Nullable(Email)) },
  Strict,
);
export const SetRolesBody = Type.Object({ roles: Type.Array(RoleGrant, { maxItems: 20 }) }, Strict);
export const RevealBody = Type.Object({ field: Type.Union([Type.Literal('mobile'), Type.Literal('email')]) }, Strict);

// --- roles
export const RoleSchema = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  description: Nullable(Type.String()),
  permissions: Type.Array(Type.String()),
  mfaRequired: Type.Boolean(),
  builtin: Type.Boolean(),
  userCount: Type.Integer(),
});
const PermissionList = Type.Array(Type.String({ pattern: '^[a-z][a-z0-9-]*:[a-z][a-z0-9-]*$' }), { maxItems: 500 });
export const CreateRoleBody = Type.Object(
  {
    code: Type.String({ minLength: 2, maxLength: 32, pattern: '^[A-Z][A-Z0-9_]+$' }),
    name: Type.String({ minLength: 1, maxLength: 50 }),
    description: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
    permissions: PermissionList,
    mfaRequired: Type.Optional(Type.Boolean({ default: false })),
  },
  Strict,
);
export const UpdateRoleBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
    description: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
    permissions: Type.Optional(PermissionList),
    mfaRequired: Type.Optional(Type.Boolean()),
  },
  Strict,
);
export const PermissionInfoSchema = Type.Object({ code: Type.String(), module: Type.String(), moduleName: Type.String(), name: Type.String() });

// --- sessions
export const SessionInfoSchema = Type.Object({
  id: Type.String(),
  userId: Type.String(),
  username: Type.String(),
  name: Type.String(),
  orgName: Type.String(),
  createdAt: Type.String(),
  lastSeenAt: Type.String(),
  expiresAt: Type.String(),
  ip: Nullable(Type.String()),
  userAgent: Nullable(Type.String()),
  current: Type.Boolean(),
});
export const SessionListQuery = Type.Object({ userId: Type.Optional(Type.String({ format: 'uuid' })), ...PageQuery }, Strict);
export const SessionIdParams = Type.Object({ id: Type.String({ pattern: '^[0-9a-f]{64}$' }) }, Strict);

// --- audit
export const AuditEventSchema = Type.Object({
  seq: Type.String(),
  id: Type.String(),
  occurredAt: Type.String(),
  userId: Nullable(Type.String()),
  username: Nullable(Type.String()),
  orgId: Nullable(Type.String()),
  roles: Nullable(Type.String()),
  ip: Nullable(Type.String()),
  requestId: Nullable(Type.String()),
  action: Type.String(),
  objectType: Nullable(Type.String()),
  objectId: Nullable(Type.String()),
  outcome: Type.Union([Type.Literal('SUCCESS'), Type.Literal('FAILURE'), Type.Literal('DENIED')]),
  before: Type.Unknown(),
  after: Type.Unknown(),
  details: Type.Unknown(),
});
export const AuditQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
    username: Type.Optional(Type.String({ maxLength: 64 })),
    action: Type.Optional(Type.String({ maxLength: 64 })),
    objectType: Type.Optional(Type.String({ maxLength: 64 })),
    objectId: Type.Optional(Type.String({ maxLength: 128 })),
    outcome: Type.Optional(Type.Union([Type.Literal('SUCCESS'), Type.Literal('FAILURE'), Type.Literal('DENIED')])),
    cursor: Type.Optional(Type.String({ pattern: '^[0-9]+$' })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  Strict,
);
export type AuditQueryT = Static<typeof AuditQuery>;
export const AuditVerifySchema = Type.Object({ ok: Type.Boolean(), checked: Type.Integer(), firstBadSeq: Nullable(Type.String()), problem: Nullable(Type.String()) });

export const pageOf = <T extends TSchema>(item: T) =>
  Type.Object({
    items: Type.Array(item),
    total: Type.Integer(),
    /** true when there are more matches than `total` (lists count exactly only up to a cap). */
    totalCapped: Type.Optional(Type.Boolean()),
    /** Pass as `cursor` for the next page (keyset); null on the last page. */
    nextCursor: Type.Optional(Nullable(Type.String())),
    page: Type.Integer(),
    pageSize: Type.Integer(),
  });
