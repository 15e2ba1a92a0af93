/** The API's types, straight from the server's schemas, so the console and the API cannot drift apart. */

export type { Admin } from '../../../src/modules/admins/admins.schemas.ts';
export type { ApiKey } from '../../../src/modules/api-keys/api-keys.schemas.ts';
export type { AuditEntry } from '../../../src/modules/audit/audit.schemas.ts';
export type { InvitationDescription } from '../../../src/modules/auth/auth.schemas.ts';
export type { Department } from '../../../src/modules/departments/departments.schemas.ts';
export type { Group } from '../../../src/modules/groups/groups.schemas.ts';
export type { ImportReport } from '../../../src/modules/imports/imports.schemas.ts';
export type {
  Learner,
  LearnerCourse,
  QuizResult,
  Task,
} from '../../../src/modules/learn/learn.schemas.ts';
export type { AddMembersResult, Member } from '../../../src/modules/memberships/memberships.schemas.ts';
export type { StatusChangeResult, User } from '../../../src/modules/users/users.schemas.ts';

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

export interface Me {
  type: 'admin' | 'api_key';
  organization: { id: string; name: string };
  admin?: { id: string; email: string; name: string; role: 'owner' | 'admin' };
}
