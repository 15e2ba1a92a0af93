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
