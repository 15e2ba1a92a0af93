import { type Kysely, sql } from 'kysely';

/**
 * The Phished Users group's name as the admin typed it, kept while there is no group yet: until the
 * automation is first enabled the group does not exist, and a name saved with the automation off
 * used to be forgotten. Once the group exists its own name is the one shown (and renamed).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table phished_users_settings add column group_name text`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table phished_users_settings drop column group_name`.execute(db);
}
