import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../../platform/db/schema.ts';
import { ValidationError } from '../../platform/errors.ts';
import type { Page } from '../../platform/pagination.ts';
import { createAuditRepository } from './audit.repository.ts';
import type { AuditEntry, auditQuerySchema } from './audit.schemas.ts';

type AuditQuery = z.infer<typeof auditQuerySchema>;

// Entry ids are PostgreSQL bigints; a larger cursor would be a database error.
const MAX_BIGINT = 9223372036854775807n;

export function createAuditService(deps: { db: Kysely<DB> }) {
  const repository = createAuditRepository(deps.db);
  return {
    async list(orgId: string, query: AuditQuery): Promise<Page<AuditEntry>> {
      // Entries only grow, so their id alone is a stable keyset cursor.
      const afterId = query.cursor ?? null;
      if (afterId !== null && !(/^\d{1,19}$/.test(afterId) && BigInt(afterId) <= MAX_BIGINT)) {
        throw new ValidationError('The cursor is invalid: pass back the nextCursor of a previous page.', [
          { path: 'querystring.cursor', message: 'is not a cursor this API issued' },
        ]);
      }
      const rows = await repository.list(
        orgId,
        {
          action: query.action,
          targetType: query.targetType,
          targetId: query.targetId,
          actorId: query.actorId,
          since: query.since ? new Date(query.since) : undefined,
          until: query.until ? new Date(query.until) : undefined,
        },
        afterId,
        query.limit,
      );
      const hasMore = rows.length > query.limit;
      const pageRows = hasMore ? rows.slice(0, query.limit) : rows;
      return {
        data: pageRows.map((r) => ({
          id: r.id,
          occurredAt: new Date(r.occurred_at).toISOString(),
          actor: { type: r.actor_type, id: r.actor_id, label: r.actor_label },
          action: r.action,
          target: { type: r.target_type, id: r.target_id },
          ip: r.ip,
          details: r.details,
        })),
        nextCursor: hasMore ? (pageRows.at(-1)?.id ?? null) : null,
      };
    },
  };
}
export type AuditService = ReturnType<typeof createAuditService>;
