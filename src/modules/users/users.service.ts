import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { RequestContext } from '../../platform/context.ts';
import type { AccountStatus, DB } from '../../platform/db/schema.ts';
import { ConflictError, isUniqueViolation, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { decodeCursor, type Page, toPage } from '../../platform/pagination.ts';
import { createAuditRepository } from '../audit/audit.repository.ts';
import { sortKeyOf, toUser } from './users.mapper.ts';
import { createUserRepository, USER_SORTS, type UserWrite } from './users.repository.ts';
import type {
  CreateUserInput,
  ListUsersQuery,
  StatusChangeResult,
  UpdateUserInput,
  User,
} from './users.schemas.ts';

const OWNER_REFUSAL = "The organization's owner can never be disabled.";

function toWrite(input: UpdateUserInput): UserWrite {
  const write: UserWrite = {};
  if (input.email !== undefined) write.email = input.email;
  if (input.firstName !== undefined) write.first_name = input.firstName;
  if (input.lastName !== undefined) write.last_name = input.lastName;
  if (input.departmentId !== undefined) write.department_id = input.departmentId;
  if (input.language !== undefined) write.language = input.language || null;
  if (input.location !== undefined) write.location = input.location || null;
  if (input.role !== undefined) write.role = input.role || null;
  if (input.status !== undefined) write.status = input.status;
  return write;
}

export function createUserService(deps: { db: Kysely<DB>; clock: Clock }) {
  const repository = createUserRepository(deps.db);

  async function requireDepartment(db: Kysely<DB>, orgId: string, departmentId: string | null | undefined) {
    if (departmentId && !(await createUserRepository(db).departmentExists(orgId, departmentId))) {
      throw new ValidationError('The department does not exist.', [
        { path: 'body.departmentId', message: 'was not found' },
      ]);
    }
  }

  /** However a write got there (created disabled, or given the owner's email), the owner stays active. */
  async function refuseDisabledOwner(db: Kysely<DB>, orgId: string, id: string) {
    const users = createUserRepository(db);
    const [user] = await users.findStatuses(orgId, [id]);
    if (user?.status === 'disabled' && user.email_normalized === (await users.ownerEmail(orgId))) {
      throw new ConflictError(OWNER_REFUSAL);
    }
  }

  async function writeUser(ctx: RequestContext, work: (trx: Kysely<DB>) => Promise<string>): Promise<User> {
    try {
      const id = await deps.db.transaction().execute(async (trx) => {
        const written = await work(trx);
        await refuseDisabledOwner(trx, ctx.orgId, written);
        return written;
      });
      const row = await repository.findById(ctx.orgId, id);
      if (!row) throw new NotFoundError('User');
      return toUser(row);
    } catch (error) {
      if (isUniqueViolation(error, 'users_email_key')) {
        throw new ConflictError('A user with this email already exists in the organization.');
      }
      throw error;
    }
  }

  /** Runs inside the caller's transaction when one is given (an update that also disables). */
  async function changeStatus(
    ctx: RequestContext,
    userIds: string[],
    status: AccountStatus,
    db: Kysely<DB> = deps.db,
  ): Promise<StatusChangeResult> {
    const ids = [...new Set(userIds)];
    const work = async (trx: Kysely<DB>) => {
      const users = createUserRepository(trx);
      const found = await users.findStatuses(ctx.orgId, ids);
      const foundIds = new Set(found.map((u) => u.id));
      const notFound = ids.filter((id) => !foundIds.has(id));
      const refused: StatusChangeResult['refused'] = [];
      let candidates = found;
      if (status === 'disabled') {
        const owner = await users.ownerEmail(ctx.orgId);
        refused.push(
          ...found
            .filter((u) => u.email_normalized === owner)
            .map((u) => ({ userId: u.id, reason: OWNER_REFUSAL })),
        );
        candidates = found.filter((u) => u.email_normalized !== owner);
      }
      const toChange = candidates.filter((u) => u.status !== status).map((u) => u.id);
      const changed = await users.setStatus(ctx.orgId, toChange, status, deps.clock.now());
      if (changed > 0) {
        await createAuditRepository(trx).record(ctx, deps.clock.now(), {
          action: status === 'disabled' ? 'user.disabled' : 'user.enabled',
          targetType: 'user',
          targetId: toChange.length === 1 ? toChange[0] : null,
          details: { count: changed, userIds: toChange.slice(0, 1000) },
        });
      }
      return { changed, unchanged: candidates.length - changed, notFound, refused };
    };
    return db === deps.db ? deps.db.transaction().execute(work) : work(db);
  }

  return {
    async get(orgId: string, id: string): Promise<User> {
      const row = await repository.findById(orgId, id);
      if (!row) throw new NotFoundError('User');
      return toUser(row);
    },

    async list(orgId: string, query: ListUsersQuery): Promise<Page<User>> {
      const after = decodeCursor(query.cursor, USER_SORTS[query.sort].kind);
      const rows = await repository.list(
        orgId,
        {
          search: query.search,
          departmentId: query.departmentId,
          groupId: query.groupId,
          notInGroupId: query.notInGroupId,
          status: query.status,
        },
        { sort: query.sort, order: query.order, limit: query.limit, after },
      );
      return toPage(rows, query.limit, (r) => ({ value: sortKeyOf(r), id: r.id }), toUser);
    },

    async create(ctx: RequestContext, input: CreateUserInput): Promise<User> {
      return writeUser(ctx, async (trx) => {
        await requireDepartment(trx, ctx.orgId, input.departmentId);
        const now = deps.clock.now();
        const id = await createUserRepository(trx).insert(
          ctx.orgId,
          { ...toWrite(input), email: input.email },
          now,
        );
        await createAuditRepository(trx).record(ctx, now, {
          action: 'user.created',
          targetType: 'user',
          targetId: id,
          details: { email: input.email },
        });
        return id;
      });
    },

    async update(ctx: RequestContext, id: string, input: UpdateUserInput): Promise<User> {
      return writeUser(ctx, async (trx) => {
        // In the same transaction as the other fields: a failed update must not leave the user disabled.
        if (input.status === 'disabled') {
          const result = await changeStatus(ctx, [id], 'disabled', trx);
          if (result.refused.length > 0) throw new ConflictError(OWNER_REFUSAL);
        }
        await requireDepartment(trx, ctx.orgId, input.departmentId);
        const now = deps.clock.now();
        const { status: _status, ...rest } = input;
        const write = toWrite(rest);
        if (input.status === 'active') write.status = 'active';
        if (Object.keys(write).length > 0) {
          const updated = await createUserRepository(trx).update(ctx.orgId, id, write, now);
          if (!updated) throw new NotFoundError('User');
          await createAuditRepository(trx).record(ctx, now, {
            action: 'user.updated',
            targetType: 'user',
            targetId: id,
            details: { fields: Object.keys(rest).concat(input.status === 'active' ? ['status'] : []) },
          });
        } else if (!(await createUserRepository(trx).findById(ctx.orgId, id))) {
          throw new NotFoundError('User');
        }
        return id;
      });
    },

    async disable(ctx: RequestContext, userIds: string[]) {
      return changeStatus(ctx, userIds, 'disabled');
    },

    async enable(ctx: RequestContext, userIds: string[]) {
      return changeStatus(ctx, userIds, 'active');
    },

    /** Single-user form: 404 for an unknown user, 409 for the owner. */
    async setOne(ctx: RequestContext, id: string, status: AccountStatus): Promise<User> {
      const result = await changeStatus(ctx, [id], status);
      if (result.notFound.length > 0) throw new NotFoundError('User');
      if (result.refused.length > 0) throw new ConflictError(OWNER_REFUSAL);
      return this.get(ctx.orgId, id);
    },
  };
}
export type UserService = ReturnType<typeof createUserService>;
