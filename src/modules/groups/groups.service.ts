import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { RequestContext } from '../../platform/context.ts';
import type { DB, GroupKind } from '../../platform/db/schema.ts';
import { ConflictError, isUniqueViolation, NotFoundError } from '../../platform/errors.ts';
import { createAuditRepository } from '../audit/audit.repository.ts';
import { createGroupRepository, type GroupRow } from './groups.repository.ts';
import type { Group } from './groups.schemas.ts';

export function toGroup(row: GroupRow): Group {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    memberCount: Number(row.member_count ?? 0),
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

const duplicateName = (name: string) => `A group named "${name}" already exists.`;
const PHISHED_GROUP_IN_USE =
  'This is the Phished Users group of the phishing automation; turn the automation off in Phishing Simulation → Settings → Phished Users to delete it.';

export function createGroupService(deps: { db: Kysely<DB>; clock: Clock }) {
  const repository = createGroupRepository(deps.db);

  async function get(orgId: string, id: string): Promise<Group> {
    const row = await repository.findById(orgId, id);
    if (!row) throw new NotFoundError('Group');
    return toGroup(row);
  }

  async function write(name: string, work: (trx: Kysely<DB>) => Promise<void>) {
    try {
      await deps.db.transaction().execute(work);
    } catch (error) {
      if (isUniqueViolation(error, 'groups_name_key')) throw new ConflictError(duplicateName(name));
      throw error;
    }
  }

  return {
    get,
    async list(orgId: string, filters: { search?: string; kind?: GroupKind }): Promise<Group[]> {
      return (await repository.list(orgId, filters)).map(toGroup);
    },

    async create(ctx: RequestContext, name: string): Promise<Group> {
      let id = '';
      await write(name, async (trx) => {
        const now = deps.clock.now();
        id = await createGroupRepository(trx).insert(ctx.orgId, name, 'custom', now);
        await createAuditRepository(trx).record(ctx, now, {
          action: 'group.created',
          targetType: 'group',
          targetId: id,
          details: { name },
        });
      });
      return get(ctx.orgId, id);
    },

    async rename(ctx: RequestContext, id: string, name: string): Promise<Group> {
      await write(name, async (trx) => {
        const groups = createGroupRepository(trx);
        const before = await groups.lock(ctx.orgId, id);
        if (!before) throw new NotFoundError('Group');
        const now = deps.clock.now();
        await groups.rename(ctx.orgId, id, name, now);
        await createAuditRepository(trx).record(ctx, now, {
          action: 'group.renamed',
          targetType: 'group',
          targetId: id,
          details: { from: before.name, to: name },
        });
      });
      return get(ctx.orgId, id);
    },

    /** Memberships go with the group; the users stay. */
    async delete(ctx: RequestContext, id: string): Promise<void> {
      await deps.db.transaction().execute(async (trx) => {
        const groups = createGroupRepository(trx);
        const before = await groups.findById(ctx.orgId, id);
        if (!before) throw new NotFoundError('Group');
        if (before.kind === 'phished') {
          // The automation adds to its group while on; off, the group can go (and is made anew if
          // the automation is turned on again).
          const automation = await groups.phishedAutomation(ctx.orgId, id);
          if (automation?.enabled) throw new ConflictError(PHISHED_GROUP_IN_USE);
          if (automation) await groups.detachPhishedAutomation(ctx.orgId, id);
        }
        await groups.delete(ctx.orgId, id);
        await createAuditRepository(trx).record(ctx, deps.clock.now(), {
          action: 'group.deleted',
          targetType: 'group',
          targetId: id,
          details: { name: before.name, kind: before.kind, membersRemoved: Number(before.member_count ?? 0) },
        });
      });
    },
  };
}
export type GroupService = ReturnType<typeof createGroupService>;
