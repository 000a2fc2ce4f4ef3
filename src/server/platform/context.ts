// What a service needs to know about the request it serves: who, from where, which request, when.
import type { Actor } from './access';
import type { AuditActor } from './audit';

export interface RequestContext {
  actor: Actor;
  ip: string | null;
  requestId: string;
  lang: 'zh' | 'en';
  sessionId: string;
}

export function auditActorOf(ctx: Pick<RequestContext, 'actor' | 'ip' | 'requestId'>): AuditActor {
  return {
    userId: ctx.actor.userId,
    username: ctx.actor.username,
    orgId: ctx.actor.orgId,
    roles: ctx.actor.roles.map((r) => r.code).join(',') || null,
    ip: ctx.ip,
    requestId: ctx.requestId,
  };
}

/** For events with no signed-in user (failed sign-ins, CLI commands). */
export function anonymousAuditActor(ip: string | null, requestId: string | null, username: string | null = null): AuditActor {
  return { userId: null, username, orgId: null, roles: null, ip, requestId };
}
