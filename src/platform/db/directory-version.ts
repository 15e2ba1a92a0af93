import { CompiledQuery, type Kysely } from 'kysely';
import type { DB } from './schema.ts';

/**
 * The organization's directory version as text (migration 202611271000): '0' until its users,
 * departments, groups or memberships first change. As a column of another statement (`orgId` is that
 * statement's expression for the organization), it is read in that statement's snapshot and says
 * which version the statement's rows belong to.
 */
export const directoryVersionSql = (orgId: string) =>
  `coalesce((select v.version::text from directory_versions v where v.org_id = ${orgId}), '0')`;

// A named prepared statement (database.ts): a primary-key lookup is cheaper to run than to plan.
const CURRENT_VERSION = `/* prepared: directory_version */ select ${directoryVersionSql('$1::uuid')} as version`;

export async function directoryVersion(db: Kysely<DB>, orgId: string): Promise<string> {
  const result = await db.executeQuery<{ version: string }>(CompiledQuery.raw(CURRENT_VERSION, [orgId]));
  return result.rows[0]!.version;
}

/**
 * Reads organizations' directory versions, one query for all the lookups of an organization asked
 * for in the same turn of the event loop. Under load, the kept pages of one organization are asked
 * for by many connections at once; each lookup used to be a query of its own, a round trip costing
 * more than the rest of serving a kept page. Sharing stays exact: a lookup joins only a query not
 * yet sent, and PostgreSQL takes that query's snapshot after it is sent, so the version answered
 * includes every change committed before the lookup was asked for. A lookup asked once the query is
 * on its way waits for the next one.
 */
export function createDirectoryVersionReader(db: Kysely<DB>) {
  const unsent = new Map<string, Promise<string>>();
  return {
    current(orgId: string): Promise<string> {
      let lookup = unsent.get(orgId);
      if (!lookup) {
        lookup = new Promise<string>((resolve, reject) => {
          setImmediate(() => {
            unsent.delete(orgId);
            directoryVersion(db, orgId).then(resolve, reject);
          });
        });
        unsent.set(orgId, lookup);
      }
      return lookup;
    },
  };
}
