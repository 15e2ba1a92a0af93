import type { ActorType, AdminRole } from './db/schema.ts';

/** Who is acting: an admin in the console, an API key, or Heed itself (automations, CLI). */
export interface Actor {
  type: ActorType;
  id: string | null;
  label: string;
  role?: AdminRole;
}

/** What every service call needs to know: the tenant, the actor, and where the request came from. */
export interface RequestContext {
  orgId: string;
  actor: Actor;
  ip: string | null;
}

export function systemContext(orgId: string, label = 'Heed'): RequestContext {
  return { orgId, actor: { type: 'system', id: null, label }, ip: null };
}
