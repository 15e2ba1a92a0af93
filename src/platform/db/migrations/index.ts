import type { Migration } from 'kysely';
import * as createOrganizationsAndAdmins from './202611261400_create-organizations-and-admins.ts';
import * as createApiKeys from './202611261401_create-api-keys.ts';
import * as createDepartmentsAndUsers from './202611261402_create-departments-and-users.ts';
import * as createGroupsAndMemberships from './202611261403_create-groups-and-memberships.ts';
import * as createAuditLog from './202611261404_create-audit-log.ts';
import * as addAdminInvitations from './202611261405_add-admin-invitations.ts';
import * as checkReferencesPerStatement from './202611261406_check-user-and-membership-references-per-statement.ts';
import * as createEmails from './202611261407_create-emails.ts';
import * as createTraining from './202611261408_create-training.ts';
import * as createLearnerSignIn from './202611261409_create-learner-sign-in.ts';
import * as createTrainingSettings from './202611261410_create-training-settings.ts';
import * as createPhishingTemplates from './202611261411_create-phishing-templates-and-landing-pages.ts';
import * as createPhishingCampaigns from './202611261412_create-phishing-campaigns.ts';
import * as keepThePhishedGroupName from './202611270300_keep-the-phished-group-name.ts';
import * as checkFewNewRowsWithAPreparedPlan from './202611270530_check-few-new-rows-with-a-prepared-plan.ts';
import * as countDirectoryVersions from './202611271000_count-directory-versions.ts';

/** Every migration, by name; names sort in the order they apply. */
export const migrations: Record<string, Migration> = {
  '202611261400_create-organizations-and-admins': createOrganizationsAndAdmins,
  '202611261401_create-api-keys': createApiKeys,
  '202611261402_create-departments-and-users': createDepartmentsAndUsers,
  '202611261403_create-groups-and-memberships': createGroupsAndMemberships,
  '202611261404_create-audit-log': createAuditLog,
  '202611261405_add-admin-invitations': addAdminInvitations,
  '202611261406_check-user-and-membership-references-per-statement': checkReferencesPerStatement,
  '202611261407_create-emails': createEmails,
  '202611261408_create-training': createTraining,
  '202611261409_create-learner-sign-in': createLearnerSignIn,
  '202611261410_create-training-settings': createTrainingSettings,
  '202611261411_create-phishing-templates-and-landing-pages': createPhishingTemplates,
  '202611261412_create-phishing-campaigns': createPhishingCampaigns,
  '202611270300_keep-the-phished-group-name': keepThePhishedGroupName,
  '202611270530_check-few-new-rows-with-a-prepared-plan': checkFewNewRowsWithAPreparedPlan,
  '202611271000_count-directory-versions': countDirectoryVersions,
};
