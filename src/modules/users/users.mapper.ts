import type { User } from './users.schemas.ts';

export interface UserRecord {
  id: string;
  email: string;
  first_name: string;
  last_name: string;
  department_id: string | null;
  department_name: string | null;
  language: string | null;
  location: string | null;
  role: string | null;
  status: 'active' | 'disabled';
  last_login_at: Date | string | null;
  created_at: Date | string;
  updated_at: Date | string;
}

export const isoOrNull = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export function toUser(row: UserRecord): User {
  return {
    id: row.id,
    email: row.email,
    firstName: row.first_name,
    lastName: row.last_name,
    department:
      row.department_id && row.department_name ? { id: row.department_id, name: row.department_name } : null,
    language: row.language,
    location: row.location,
    role: row.role,
    status: row.status,
    lastLoginAt: isoOrNull(row.last_login_at),
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/** The cursor value of a row: its sort key as the database compares it. */
export function sortKeyOf(row: { sort_key: unknown }): string {
  return row.sort_key instanceof Date ? row.sort_key.toISOString() : String(row.sort_key);
}
