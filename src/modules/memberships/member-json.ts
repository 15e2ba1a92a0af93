/**
 * Writes a members page as JSON text straight from the rows PostgreSQL sent (memberships.repository.ts
 * `listMemberPage`, where every value is already text in its API form): the fields of memberSchema,
 * in its order, as `list` + the zod serializer would write them. memberships.test.ts holds the two
 * to the same output for every sort, filter and kind of value.
 *
 * Measured on the 100,000-member benchmark, this costs Node and PostgreSQL together 20–30 % less CPU
 * per page than having PostgreSQL build the JSON (json_build_object or `||` with to_json: ≈ 7 µs a
 * member in PostgreSQL, against well under 1 µs here, where strings are escaped by JSON.stringify).
 */
import type { MemberPageRow } from './memberships.repository.ts';

/** A string that may need escaping, or null. */
const text = (value: string | null) => JSON.stringify(value);
/** A value that never needs escaping (uuid, CHECK-constrained enum, ISO timestamp), or null. */
const plain = (value: string | null) => (value === null ? 'null' : `"${value}"`);

export function memberJson(r: MemberPageRow): string {
  // As toUser: a department only with both its id and a (non-empty) name.
  const department =
    r.department_id && r.department_name
      ? `{"id":"${r.department_id}","name":${text(r.department_name)}}`
      : 'null';
  return (
    `{"id":"${r.id}","email":${text(r.email)},"firstName":${text(r.first_name)},` +
    `"lastName":${text(r.last_name)},"department":${department},"language":${text(r.language)},` +
    `"location":${text(r.location)},"role":${text(r.role)},"status":"${r.status}",` +
    `"lastLoginAt":${plain(r.last_login_at)},"createdAt":"${r.created_at}","updatedAt":"${r.updated_at}",` +
    `"membership":{"addedAt":"${r.added_at}","addedBy":{"type":"${r.added_by_type}",` +
    `"id":${plain(r.added_by_id)},"label":${text(r.added_by_label)}},"reason":${r.reason ?? 'null'},` +
    `"expiresAt":${plain(r.expires_at)}}}`
  );
}

/** The page's body: the first `limit` rows (the extra one only said there is a next page). */
export function memberPageJson(rows: readonly MemberPageRow[], limit: number, nextCursor: string | null) {
  const members = new Array<string>(Math.min(rows.length, limit));
  for (let i = 0; i < members.length; i++) members[i] = memberJson(rows[i]!);
  return `{"data":[${members.join(',')}],"nextCursor":${JSON.stringify(nextCursor)}}`;
}
