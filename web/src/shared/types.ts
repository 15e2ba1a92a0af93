/** The API's types, straight from the server's schemas, so the console and the API cannot drift apart. */

import type { z } from 'zod';
import type { recipientTimelineSchema } from '../../../src/modules/phishing/results.schemas.ts';

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
export type {
  AudiencePreview,
  Campaign,
  CampaignInput,
  Funnel,
} from '../../../src/modules/phishing/campaigns.schemas.ts';
export type {
  CampaignResults,
  PhishingStats,
  RateRow,
  Recipient,
} from '../../../src/modules/phishing/results.schemas.ts';
export type { StatusChangeResult, User } from '../../../src/modules/users/users.schemas.ts';

/** A campaign recipient with their events, oldest first (suppressed ones included, with why). */
export type RecipientTimeline = z.infer<typeof recipientTimelineSchema>;

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

export interface Me {
  type: 'admin' | 'api_key';
  organization: { id: string; name: string };
  admin?: { id: string; email: string; name: string; role: 'owner' | 'admin' };
}
