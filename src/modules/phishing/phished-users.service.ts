/**
 * The Phished Users automation (Phishing Simulation → Settings → Phished Users): whoever fails a
 * simulation is put into a group of kind `phished` in the same transaction as the failure, with the
 * failure as the membership's reason and, if the organization chose a period, a removal time
 * counted from the failure; remediation courses are assigned at the same time. A sweep removes the
 * members whose time has come. Admins still add and remove members by hand (the memberships API);
 * hand-added members stay until removed.
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import { type RequestContext, systemContext } from '../../platform/context.ts';
import type { DB } from '../../platform/db/schema.ts';
import { ConflictError, isUniqueViolation, ValidationError } from '../../platform/errors.ts';
import { createAuditRepository } from '../audit/audit.repository.ts';
import { createGroupRepository } from '../groups/groups.repository.ts';
import {
  AUTOMATION_LABEL,
  createPhishedUsersRepository,
  REMOVAL_PERIODS,
} from './phished-users.repository.ts';
import type { PhishedUsersSettings, UpdatePhishedUsersSettingsInput } from './phished-users.schemas.ts';

export const DEFAULT_GROUP_NAME = 'Phished Users';

const DEFAULTS: PhishedUsersSettings = {
  enabled: false,
  groupName: DEFAULT_GROUP_NAME,
  removeAfter: 'never',
  remediationCourseIds: [],
  remediationDueDays: 14,
  groupId: null,
  memberCount: 0,
};

const nameTaken = (name: string, creating: boolean) =>
  creating
    ? `A group named "${name}" already exists. Choose another name for the Phished Users group, or rename that group first.`
    : `A group named "${name}" already exists. Choose another name for the Phished Users group.`;

/** One failure as the tracking server's event writer reports it. */
export interface PhishingFailure {
  userId: string;
  campaignId: string;
  campaignName: string;
  event: 'clicked' | 'submitted';
  at: Date;
}

export function createPhishedUsersService(deps: { db: Kysely<DB>; clock: Clock }) {
  async function settings(orgId: string): Promise<PhishedUsersSettings> {
    const row = await createPhishedUsersRepository(deps.db).settings(orgId);
    if (!row) return { ...DEFAULTS };
    return {
      enabled: row.enabled,
      // The group's name; until the automation is first enabled there is no group, and the name
      // saved for it is kept instead.
      groupName: row.group_name ?? DEFAULT_GROUP_NAME,
      removeAfter: row.remove_after,
      remediationCourseIds: row.remediation_course_ids,
      remediationDueDays: row.remediation_due_days,
      groupId: row.group_id,
      memberCount: Number(row.member_count ?? 0),
    };
  }

  return {
    settings,

    /**
     * Saves the settings. The group is created the first time the automation is enabled and renamed
     * with the name; turning the automation off keeps it and its members (failures just stop being
     * added). A new removal period applies to the current automated members at once, counted from
     * their failures.
     */
    async updateSettings(
      ctx: RequestContext,
      input: UpdatePhishedUsersSettingsInput,
    ): Promise<PhishedUsersSettings> {
      const now = deps.clock.now();
      const courseIds = [...new Set(input.remediationCourseIds)];
      try {
        await deps.db.transaction().execute(async (trx) => {
          const repository = createPhishedUsersRepository(trx);
          const groups = createGroupRepository(trx);
          const audit = createAuditRepository(trx);
          const before = await repository.lockSettings(ctx.orgId, now);

          const found = await repository.activeCourseIds(ctx.orgId, courseIds);
          const bad = input.remediationCourseIds
            .map((id, index) => ({ id, index }))
            .filter((c) => !found.has(c.id));
          if (bad.length > 0) {
            throw new ValidationError(
              `Course ${bad[0]!.id} is not an active course of this organization: pick remediation courses from the training catalog.`,
              bad.map((c) => ({
                path: `body.remediationCourseIds.${c.index}`,
                message: `${c.id} is not an active course of this organization`,
              })),
            );
          }

          let groupId = before.group_id;
          if (groupId) {
            const group = await groups.lock(ctx.orgId, groupId);
            if (group && group.name !== input.groupName) {
              if (await repository.otherGroupNamed(ctx.orgId, input.groupName, groupId)) {
                throw new ConflictError(nameTaken(input.groupName, false));
              }
              await groups.rename(ctx.orgId, groupId, input.groupName, now);
              await audit.record(ctx, now, {
                action: 'group.renamed',
                targetType: 'group',
                targetId: groupId,
                details: { from: group.name, to: input.groupName },
              });
            }
          } else if (input.enabled) {
            if (await repository.otherGroupNamed(ctx.orgId, input.groupName, null)) {
              throw new ConflictError(nameTaken(input.groupName, true));
            }
            groupId = await groups.insert(ctx.orgId, input.groupName, 'phished', now);
            await audit.record(ctx, now, {
              action: 'group.created',
              targetType: 'group',
              targetId: groupId,
              details: { name: input.groupName, kind: 'phished' },
            });
          }

          await repository.saveSettings(
            ctx.orgId,
            {
              enabled: input.enabled,
              group_id: groupId,
              group_name: input.groupName,
              remove_after: input.removeAfter,
              remediation_course_ids: courseIds,
              remediation_due_days: input.remediationDueDays,
            },
            now,
          );
          let expiriesRecomputed = 0;
          if (groupId && before.remove_after !== input.removeAfter) {
            expiriesRecomputed = await repository.recomputeExpiry(
              ctx.orgId,
              groupId,
              REMOVAL_PERIODS[input.removeAfter],
            );
          }
          await audit.record(ctx, now, {
            action: 'phishing.phished_users_settings_updated',
            targetType: 'organization',
            targetId: ctx.orgId,
            details: {
              ...input,
              remediationCourseIds: courseIds,
              groupId,
              before: {
                enabled: before.enabled,
                removeAfter: before.remove_after,
                remediationCourseIds: before.remediation_course_ids,
                remediationDueDays: before.remediation_due_days,
              },
              expiriesRecomputed,
            },
          });
        });
      } catch (error) {
        if (isUniqueViolation(error, 'groups_name_key')) {
          throw new ConflictError(nameTaken(input.groupName, false));
        }
        throw error;
      }
      return settings(ctx.orgId);
    },

    /**
     * Hands failures of one organization to the automation in the caller's transaction (`trx`), as
     * one statement whatever their number (several per person: the latest counts); nothing while
     * the automation is off. The tracking server does not call it: its batch statement runs the same
     * expressions (`failureEffectsSql`) on the failures it has just marked. This is the way in for
     * failures given as a list, which the automation's tests use to choose times and events.
     */
    async recordFailures(trx: Kysely<DB>, orgId: string, failures: PhishingFailure[]): Promise<void> {
      if (failures.length === 0) return;
      await createPhishedUsersRepository(trx).recordFailures(
        orgId,
        {
          userIds: failures.map((f) => f.userId),
          campaignIds: failures.map((f) => f.campaignId),
          campaignNames: failures.map((f) => f.campaignName),
          events: failures.map((f) => f.event),
          ats: failures.map((f) => f.at.toISOString()),
        },
        deps.clock.now(),
      );
    },

    /**
     * Removes the members of phished groups, in every organization, whose removal time has come
     * (`now`, by default the clock's), in one statement; each group's removals are audited.
     * Answers how many memberships went. The background tick calls it.
     */
    async sweep(now: Date = deps.clock.now()): Promise<number> {
      return deps.db.transaction().execute(async (trx) => {
        const removed = await createPhishedUsersRepository(trx).removeExpired(now);
        const audit = createAuditRepository(trx);
        for (const group of removed) {
          await audit.record(systemContext(group.org_id, AUTOMATION_LABEL), now, {
            action: 'group.members_removed',
            targetType: 'group',
            targetId: group.group_id,
            details: { group: group.group_name, removed: group.removed, expired: true },
          });
        }
        return removed.reduce((total, group) => total + group.removed, 0);
      });
    },
  };
}
export type PhishedUsersService = ReturnType<typeof createPhishedUsersService>;
