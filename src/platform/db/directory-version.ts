import { CompiledQuery, type Kysely } from 'kysely';
import type { DB } from './schema.ts';

/**
 * The organization's directory version as text (migration 202611271000): '0' until its users,
 * departments, groups or memberships first change. `DIRECTORY_VERSION_SQL` is the same value as a
 * column of another statement, where `$1` is the organization: read in that statement's snapshot,
 * it says which version the statement's rows belong to.
 */
export const DIRECTORY_VERSION_SQL =
  "coalesce((select v.version::text from directory_versions v where v.org_id = $1::uuid), '0')";

// A named prepared statement (database.ts): a primary-key lookup is cheaper to run than to plan.
const CURRENT_VERSION = `/* prepared: directory_version */ select ${DIRECTORY_VERSION_SQL} as version`;

export async function directoryVersion(db: Kysely<DB>, orgId: string): Promise<string> {
  const result = await db.executeQuery<{ version: string }>(CompiledQuery.raw(CURRENT_VERSION, [orgId]));
  return result.rows[0]!.version;
}
