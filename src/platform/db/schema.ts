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

export type EmailStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'not_delivered';

export interface EmailsTable {
  org_id: string;
  id: Generated<string>;
  idempotency_key: string;
  kind: string;
  to_address: string;
  to_name: Generated<string>;
  user_id: string | null;
  subject: string;
  template: string | null;
  params: ColumnType<Record<string, unknown> | null, string | null, string | null>;
  html: string | null;
  text: string | null;
  status: Generated<EmailStatus>;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  locked_until: Timestamp | null;
  claim_token: string | null;
  last_error: string | null;
  message_id: string | null;
  created_at: Timestamp;
  sent_at: Timestamp | null;
}

export interface MailSettingsTable {
  org_id: string;
  smtp_url: string | null;
  mail_from: string | null;
  updated_at: Timestamp;
}

export interface CourseLesson {
  title: string;
  markdown: string;
}

export interface CourseQuestion {
  prompt: string;
  options: string[];
  correct: number[];
  explanation: string;
}

export type CourseStatus = 'active' | 'archived';

export interface CoursesTable {
  org_id: string;
  id: Generated<string>;
  builtin_key: string | null;
  builtin_version: number | null;
  title: string;
  summary: Generated<string>;
  estimated_minutes: number;
  pass_mark: number;
  video_url: string | null;
  lessons: ColumnType<CourseLesson[], string, string>;
  quiz: ColumnType<CourseQuestion[], string, string>;
  version: Generated<number>;
  status: Generated<CourseStatus>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AssignmentsTable {
  org_id: string;
  id: Generated<string>;
  course_id: string;
  due_at: Timestamp;
  group_ids: Generated<string[]>;
  department_ids: Generated<string[]>;
  user_count: Generated<number>;
  include_future_members: Generated<boolean>;
  created_at: Timestamp;
  created_by_type: ActorType;
  created_by_id: string | null;
  created_by_label: string;
}

export interface AssignmentRulesTable {
  org_id: string;
  assignment_id: string;
  course_id: string;
  group_id: string | null;
  department_id: string | null;
  due_in: string;
}

export type EnrollmentStatus = 'not_started' | 'in_progress' | 'completed';

export interface EnrollmentsTable {
  org_id: string;
  user_id: string;
  course_id: string;
  assignment_id: string;
  due_at: Timestamp;
  status: Generated<EnrollmentStatus>;
  lessons_completed: Generated<number>;
  quiz_attempts: Generated<number>;
  score: number | null;
  started_at: Timestamp | null;
  completed_at: Timestamp | null;
  created_at: Timestamp;
}

export interface QuizAttemptsTable {
  org_id: string;
  id: Generated<string>;
  user_id: string;
  course_id: string;
  course_version: number;
  answers: ColumnType<number[][], string, string>;
  score: number;
  passed: boolean;
  created_at: Timestamp;
}

export interface LearnerSignInLinksTable {
  token_hash: string;
  org_id: string;
  user_id: string;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  created_at: Timestamp;
}

export interface LearnerSessionsTable {
  token_hash: string;
  org_id: string;
  user_id: string;
  expires_at: Timestamp;
  created_at: Timestamp;
}

export interface TrainingSettingsTable {
  org_id: string;
  reminder_cooldown_hours: Generated<number>;
  auto_reminders: Generated<boolean>;
  auto_reminder_weekday: Generated<number>;
  auto_reminder_hour: Generated<number>;
  time_zone: Generated<string>;
  auto_reminders_last_run: Timestamp | null;
  updated_at: Timestamp;
}

export type PhishingDifficulty = 'easy' | 'medium' | 'hard';

export interface PhishingTemplatesTable {
  org_id: string;
  id: Generated<string>;
  builtin_key: string | null;
  builtin_version: number | null;
  name: string;
  category: Generated<string>;
  difficulty: PhishingDifficulty;
  subject: string;
  sender_name: string;
  sender_address: string;
  html_body: string;
  text_body: string;
  red_flags: ColumnType<string[], string[] | undefined, string[]>;
  version: Generated<number>;
  archived_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PhishingLandingPagesTable {
  org_id: string;
  id: Generated<string>;
  builtin_key: string | null;
  builtin_version: number | null;
  name: string;
  /** Already prepared (prepareLandingPage): no scripts, form actions or input names. */
  html: string;
  version: Generated<number>;
  archived_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type CampaignStatus = 'draft' | 'scheduled' | 'sending' | 'in_progress' | 'completed' | 'cancelled';
export type FailingAction = 'clicked' | 'submitted';
export type PhishingEventKind =
  | 'sent'
  | 'delivery_failed'
  | 'opened'
  | 'clicked'
  | 'submitted'
  | 'reported'
  | 'bait';

export interface PhishingCampaignsTable {
  org_id: string;
  id: Generated<string>;
  name: string;
  status: Generated<CampaignStatus>;
  template_ids: string[];
  landing_page_id: string;
  group_ids: Generated<string[]>;
  department_ids: Generated<string[]>;
  user_ids: Generated<string[]>;
  launch_at: Timestamp | null;
  send_window_minutes: Generated<number>;
  fail_on: Generated<FailingAction[]>;
  ends_at: Timestamp | null;
  /** Set at launch: the templates and landing page as they were (CampaignContent). */
  content: unknown | null;
  recipient_count: Generated<number>;
  launched_at: Timestamp | null;
  completed_at: Timestamp | null;
  cancelled_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  created_by_type: ActorType;
  created_by_id: string | null;
  created_by_label: string;
}

export interface PhishingRecipientsTable {
  org_id: string;
  campaign_id: string;
  id: Generated<string>;
  user_id: string;
  token: string;
  email: string;
  first_name: Generated<string>;
  last_name: Generated<string>;
  department_id: string | null;
  department_name: string | null;
  group_ids: Generated<string[]>;
  template_index: Generated<number>;
  send_at: Timestamp;
  sent_at: Timestamp | null;
  delivery_failed_at: Timestamp | null;
  delivery_error: string | null;
  opened_at: Timestamp | null;
  clicked_at: Timestamp | null;
  submitted_at: Timestamp | null;
  reported_at: Timestamp | null;
  failed_at: Timestamp | null;
  suppressed_count: Generated<number>;
}

export interface PhishingEventsTable {
  org_id: string;
  id: GeneratedAlways<string>;
  campaign_id: string;
  recipient_id: string;
  kind: PhishingEventKind;
  at: Timestamp;
  ip: string | null;
  user_agent: string | null;
  /** Why this request was taken for a mail scanner's rather than a person's (never counted). */
  suppressed_reason: string | null;
  detail: string | null;
}

export type RemoveAfter = 'never' | '1m' | '3m' | '6m' | '1y';

export interface PhishedUsersSettingsTable {
  org_id: string;
  enabled: Generated<boolean>;
  group_id: string | null;
  remove_after: Generated<RemoveAfter>;
  remediation_course_ids: Generated<string[]>;
  remediation_due_days: Generated<number>;
  /** The name wanted for the group while it does not exist yet (the group's own name once it does). */
  group_name: string | null;
  updated_at: Timestamp;
}

/** Grows at each committed change to an organization's users, departments, groups or memberships. */
export interface DirectoryVersionsTable {
  org_id: string;
  version: ColumnType<string, string | number, string | number>;
}

/** A transaction's note that it changed the organization's directory; counted and removed at commit. */
export interface DirectoryChangesTable {
  org_id: string;
  transaction_id: string;
}

export interface DB {
  directory_versions: DirectoryVersionsTable;
  directory_changes: DirectoryChangesTable;
  phishing_campaigns: PhishingCampaignsTable;
  phishing_recipients: PhishingRecipientsTable;
  phishing_events: PhishingEventsTable;
  phished_users_settings: PhishedUsersSettingsTable;
  phishing_templates: PhishingTemplatesTable;
  phishing_landing_pages: PhishingLandingPagesTable;
  training_settings: TrainingSettingsTable;
  learner_sign_in_links: LearnerSignInLinksTable;
  learner_sessions: LearnerSessionsTable;
  courses: CoursesTable;
  assignments: AssignmentsTable;
  assignment_rules: AssignmentRulesTable;
  enrollments: EnrollmentsTable;
  quiz_attempts: QuizAttemptsTable;
  emails: EmailsTable;
  mail_settings: MailSettingsTable;
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
