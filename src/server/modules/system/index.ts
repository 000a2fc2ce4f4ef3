// System administration: sign-in, org tree, users, roles and data scopes, sessions, audit viewer.
import './permissions';
import './errors';
import { createAuditService } from './audit.service';
import { createAuthService, type SystemDeps } from './auth.service';
import { createOrgService } from './org.service';
import { createRoleService } from './role.service';
import { systemRoutes } from './routes';
import { createSessionService } from './session.service';
import { createUserService } from './user.service';

export type { SystemDeps } from './auth.service';
export { P as systemPermissions } from './permissions';
export { ensureInitialAdmin } from './bootstrap';

export function createSystemServices(deps: SystemDeps) {
  return {
    auth: createAuthService(deps),
    orgs: createOrgService(deps),
    users: createUserService(deps),
    roles: createRoleService(deps),
    sessions: createSessionService(deps),
    audit: createAuditService(deps),
  };
}

export type SystemServices = ReturnType<typeof createSystemServices>;

export function createSystemModule(deps: SystemDeps) {
  const services = createSystemServices(deps);
  return { services, routes: systemRoutes(services, deps.config) };
}
