import { type Kysely, sql } from 'kysely';

/**
 * Invited admins: the row exists from the invitation on (so the email is taken and the console lists
 * it), but has no password until the invitee accepts with the one-time token, of which only the
 * SHA-256 is kept. An admin is either pending (no password, a token and its expiry) or accepted (a
 * password, no token); the check keeps it one or the other. An organization has exactly one owner:
 * the partial unique index makes a second one impossible, so ownership moves only by transfer.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table admins alter column password_hash drop not null;
    alter table admins add column invitation_token_hash text;
    alter table admins add column invitation_expires_at timestamptz;
    alter table admins add column invitation_accepted_at timestamptz;
    alter table admins add constraint admins_invitation_check check (
      (password_hash is null and invitation_token_hash is not null and invitation_expires_at is not null)
      or (password_hash is not null and invitation_token_hash is null and invitation_expires_at is null)
    );
    create unique index admins_invitation_token_key on admins (invitation_token_hash)
      where invitation_token_hash is not null;
    create unique index admins_one_owner_key on admins (org_id) where role = 'owner';
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop index admins_one_owner_key;
    drop index admins_invitation_token_key;
    delete from admins where password_hash is null;
    alter table admins drop constraint admins_invitation_check;
    alter table admins drop column invitation_accepted_at;
    alter table admins drop column invitation_expires_at;
    alter table admins drop column invitation_token_hash;
    alter table admins alter column password_hash set not null;
  `.execute(db);
}
