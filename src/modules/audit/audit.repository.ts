import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { RequestContext } from '../../platform/context.ts';
import type { DB } from '../../platform/db/schema.ts';

export interface AuditEvent {
  action: string;
  targetType: string;
  targetId?: string | null;
  details?: Record<string, unknown>;
}

export interface AuditFilters {
  action?: string;
  targetType?: string;
  targetId?: string;
  actorId?: string;
  since?: Date;
  until?: Date;
}

/**
 * The entry `record` writes, as the part of a larger statement that computes its target and details
 * (a data-modifying CTE): `insert into audit_log … select … <source>`, where `source` is the FROM
 * and WHERE the expressions read from. For a write that must be one statement. The organization may
 * be an expression of `source` too, for a statement that writes for several organizations at once
 * (an entry per row of `source`).
 */
export function auditEntrySql(
  ctx: Omit<RequestContext, 'orgId'> & { orgId: string | RawBuilder<unknown> },
  occurredAt: Date,
  event: { action: string; targetType: string; targetId: RawBuilder<unknown>; details: RawBuilder<unknown> },
  source: RawBuilder<unknown>,
) {
  const orgId = typeof ctx.orgId === 'string' ? sql`${ctx.orgId}::uuid` : ctx.orgId;
  return sql`insert into audit_log
      (org_id, occurred_at, actor_type, actor_id, actor_label, action, target_type, target_id, ip, details)
    select ${orgId}, ${occurredAt}::timestamptz, ${ctx.actor.type}, ${ctx.actor.id}::uuid,
           ${ctx.actor.label}, ${event.action}, ${event.targetType}, ${event.targetId}, ${ctx.ip}::text,
           ${event.details}
    ${source}`;
}

export function createAuditRepository(db: Kysely<DB>) {
  return {
    /** Called inside the transaction of the write it describes, so the two stand or fall together. */
    async record(ctx: RequestContext, occurredAt: Date, event: AuditEvent): Promise<void> {
      await db
        .insertInto('audit_log')
        .values({
          org_id: ctx.orgId,
          occurred_at: occurredAt,
          actor_type: ctx.actor.type,
          actor_id: ctx.actor.id,
          actor_label: ctx.actor.label,
          action: event.action,
          target_type: event.targetType,
          target_id: event.targetId ?? null,
          ip: ctx.ip,
          details: JSON.stringify(event.details ?? {}),
        })
        .execute();
    },

    async list(orgId: string, filters: AuditFilters, afterId: string | null, limit: number) {
      let query = db
        .selectFrom('audit_log')
        .select([
          (eb) => eb.cast<string>('id', 'text').as('id'),
          'occurred_at',
          'actor_type',
          'actor_id',
          'actor_label',
          'action',
          'target_type',
          'target_id',
          'ip',
          'details',
        ])
        .where('org_id', '=', orgId);
      if (filters.action) query = query.where('action', '=', filters.action);
      if (filters.targetType) query = query.where('target_type', '=', filters.targetType);
      if (filters.targetId) query = query.where('target_id', '=', filters.targetId);
      if (filters.actorId) query = query.where('actor_id', '=', filters.actorId);
      if (filters.since) query = query.where('occurred_at', '>=', filters.since);
      if (filters.until) query = query.where('occurred_at', '<', filters.until);
      if (afterId) query = query.where('id', '<', afterId);
      // Qualified: a bare "id" would order by the text column selected above ("10" < "9").
      return query
        .orderBy('audit_log.id', 'desc')
        .limit(limit + 1)
        .execute();
    },
  };
}
