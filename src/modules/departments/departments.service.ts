import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { RequestContext } from '../../platform/context.ts';
import type { DB } from '../../platform/db/schema.ts';
import { ConflictError, isUniqueViolation, NotFoundError } from '../../platform/errors.ts';
import { createAuditRepository } from '../audit/audit.repository.ts';
import { createDepartmentRepository } from './departments.repository.ts';
import type { Department } from './departments.schemas.ts';

type DepartmentRow = NonNullable<
  Awaited<ReturnType<ReturnType<typeof createDepartmentRepository>['findById']>>
>;

function toDepartment(row: DepartmentRow): Department {
  return {
    id: row.id,
    name: row.name,
    source: row.source,
    memberCount: Number(row.member_count ?? 0),
    createdAt: new Date(row.created_at).toISOString(),
  };
}

const DUPLICATE = 'A department with this name already exists.';

export function createDepartmentService(deps: { db: Kysely<DB>; clock: Clock }) {
  const repository = createDepartmentRepository(deps.db);

  async function get(orgId: string, id: string): Promise<Department> {
    const row = await repository.findById(orgId, id);
    if (!row) throw new NotFoundError('Department');
    return toDepartment(row);
  }

  async function write(work: (trx: Kysely<DB>) => Promise<void>) {
    try {
      await deps.db.transaction().execute(work);
    } catch (error) {
      if (isUniqueViolation(error, 'departments_name_key')) throw new ConflictError(DUPLICATE);
      throw error;
    }
  }

  return {
    get,
    async list(orgId: string): Promise<Department[]> {
      return (await repository.list(orgId)).map(toDepartment);
    },

    async create(ctx: RequestContext, name: string): Promise<Department> {
      let id = '';
      await write(async (trx) => {
        const now = deps.clock.now();
        id = await createDepartmentRepository(trx).insert(ctx.orgId, name, now);
        await createAuditRepository(trx).record(ctx, now, {
          action: 'department.created',
          targetType: 'department',
          targetId: id,
          details: { name },
        });
      });
      return get(ctx.orgId, id);
    },

    async rename(ctx: RequestContext, id: string, name: string): Promise<Department> {
      await write(async (trx) => {
        const before = await createDepartmentRepository(trx).findById(ctx.orgId, id);
        if (!before) throw new NotFoundError('Department');
        await createDepartmentRepository(trx).rename(ctx.orgId, id, name);
        await createAuditRepository(trx).record(ctx, deps.clock.now(), {
          action: 'department.renamed',
          targetType: 'department',
          targetId: id,
          details: { from: before.name, to: name },
        });
      });
      return get(ctx.orgId, id);
    },

    /** Its users stay, without a department (the foreign key sets theirs to null). */
    async delete(ctx: RequestContext, id: string): Promise<void> {
      await deps.db.transaction().execute(async (trx) => {
        const before = await createDepartmentRepository(trx).findById(ctx.orgId, id);
        if (!before) throw new NotFoundError('Department');
        await createDepartmentRepository(trx).delete(ctx.orgId, id);
        await createAuditRepository(trx).record(ctx, deps.clock.now(), {
          action: 'department.deleted',
          targetType: 'department',
          targetId: id,
          details: { name: before.name, usersLeftWithoutDepartment: Number(before.member_count ?? 0) },
        });
      });
    },
  };
}
export type DepartmentService = ReturnType<typeof createDepartmentService>;
