/** Table types for Kysely; kept by hand beside the migrations. */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type GeneratedAlways<T> = ColumnType<T, never, never>;
type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface OrganizationsTable {
  id: Generated<string>;
  name: string;
  created_at: DefaultedTimestamp;
}

export type AdminRole = 'owner' | 'admin';
export type AccountStatus = 'active' | 'disabled';

export interface AdminsTable {
  org_id: string;
  id: Generated<string>;
  email: string;
  email_normalized: GeneratedAlways<string>;
  name: Generated<string>;
  /** Null while the admin's invitation is pending: nobody can sign in as them. */
  password_hash: string | null;
  role: AdminRole;
  status: Generated<AccountStatus>;
  failed_login_count: Generated<number>;
  locked_until: Timestamp | null;
  last_login_at: Timestamp | null;
  created_at: DefaultedTimestamp;
  /** SHA-256 of the pending invitation's one-time token; null once accepted (or never invited). */
  invitation_token_hash: string | null;
  invitation_expires_at: Timestamp | null;
  invitation_accepted_at: Timestamp | null;
}

export interface AdminSessionsTable {
  token_hash: string;
  org_id: string;
  admin_id: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface SetupTokensTable {
  token_hash: string;
  created_at: Timestamp;
  used_at: Timestamp | null;
}

export interface ApiKeysTable {
  org_id: string;
  id: Generated<string>;
  name: string;
  prefix: string;
  secret_hash: string;
  created_by_admin_id: string | null;
  created_by_label: string;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export type DepartmentSource = 'manual' | 'sso';

export interface DepartmentsTable {
  org_id: string;
  id: Generated<string>;
  name: string;
  name_normalized: GeneratedAlways<string>;
  source: Generated<DepartmentSource>;
  created_at: Timestamp;
}

export interface UsersTable {
  org_id: string;
  id: Generated<string>;
  email: string;
  email_normalized: GeneratedAlways<string>;
  first_name: Generated<string>;
  last_name: Generated<string>;
  name_sort: GeneratedAlways<string>;
  department_id: string | null;
  language: string | null;
  location: string | null;
  role: string | null;
  status: Generated<AccountStatus>;
  last_login_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type GroupKind = 'custom' | 'phished' | 'smart' | 'synced';

export interface GroupsTable {
  org_id: string;
  id: Generated<string>;
  name: string;
  name_normalized: GeneratedAlways<string>;
  kind: Generated<GroupKind>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type ActorType = 'admin' | 'api_key' | 'system';

export interface GroupMembershipsTable {
  org_id: string;
  group_id: string;
  user_id: string;
  added_at: Timestamp;
  added_by_type: ActorType;
  added_by_id: string | null;
  added_by_label: string;
  reason: unknown | null;
  expires_at: Timestamp | null;
}

export interface AuditLogTable {
  org_id: string;
  id: GeneratedAlways<string>;
  occurred_at: Timestamp;
  actor_type: ActorType;
  actor_id: string | null;
  actor_label: string;
  action: string;
  target_type: string;
  target_id: string | null;
  ip: string | null;
  details: ColumnType<Record<string, unknown>, string | undefined, never>;
}

export interface DB {
  organizations: OrganizationsTable;
  admins: AdminsTable;
  admin_sessions: AdminSessionsTable;
  setup_tokens: SetupTokensTable;
  api_keys: ApiKeysTable;
  departments: DepartmentsTable;
  users: UsersTable;
  groups: GroupsTable;
  group_memberships: GroupMembershipsTable;
  audit_log: AuditLogTable;
}
