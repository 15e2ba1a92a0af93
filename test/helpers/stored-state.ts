/**
 * What the database stores, as a digest per table, read in one statement: every row of every
 * table for one organization (tables with an `org_id`), the whole of the tables that belong to no
 * organization (organizations, setup tokens, migrations), and the number of rows of every table.
 * Equal before and after a request, it wrote nothing: not for this organization, not for the
 * instance, and no row added to or taken from another organization.
 *
 * A complement to state.ts, which reads the same through the API (what the organization sees,
 * cached pages included) at many requests a read.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB } from '../../src/platform/db/schema.ts';

interface Table {
  name: string;
  tenantOwned: boolean;
}

const tablesOf = new WeakMap<Kysely<DB>, Promise<Table[]>>();

async function readTables(db: Kysely<DB>): Promise<Table[]> {
  const { rows } = await sql<{ name: string; tenant_owned: boolean }>`
    select c.relname as name,
           exists (select 1 from pg_attribute a
                   where a.attrelid = c.oid and a.attname = 'org_id' and not a.attisdropped) as tenant_owned
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = current_schema() and c.relkind in ('r', 'p')
    order by c.relname`.execute(db);
  return rows.map((row) => ({ name: row.name, tenantOwned: row.tenant_owned }));
}

/** The digest of a table's rows (those of `orgId` for a table of organizations), in a stable order. */
function digestOf(table: Table, orgId: string): RawBuilder<string> {
  const rows = sql`${sql.id(table.name)} as x ${table.tenantOwned ? sql`where x.org_id = ${orgId}::uuid` : sql``}`;
  return sql<string>`(select md5(coalesce(string_agg(x::text, E'\n' order by x::text), '')) from ${rows})`;
}

/** Per table: `<rows in the whole table> <digest of the organization's (or all) rows>`. */
export async function storedStateOf(db: Kysely<DB>, orgId: string): Promise<Record<string, string>> {
  let tables = tablesOf.get(db);
  if (!tables) {
    tables = readTables(db);
    tablesOf.set(db, tables);
  }
  const columns = (await tables).map(
    (table) =>
      sql`(select count(*) from ${sql.id(table.name)}) || ' ' || ${digestOf(table, orgId)} as ${sql.id(table.name)}`,
  );
  const { rows } = await sql<Record<string, string>>`select ${sql.join(columns)}`.execute(db);
  return rows[0]!;
}
