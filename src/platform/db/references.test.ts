/**
 * Users and memberships check their references once per statement (migration 202611261406) instead
 * of with row-level foreign keys. These tests hold the database to the guarantees the foreign keys
 * gave: nothing can point at a missing or another organization's parent, and deleting a parent
 * cascades.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGroup, createOrg, type TestOrg } from '../../../test/helpers/factories.ts';
import { createTestApp, type TestApp } from '../../../test/helpers/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const db = () => t.database.db;
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected the statement to fail');
    },
    (error: { code?: string; message?: string }) => error,
  );

async function orgWithUserAndGroup(): Promise<{ org: TestOrg; userId: string; groupId: string }> {
  const org = await createOrg(t);
  const imported = await org.request({
    method: 'POST',
    url: '/api/v1/users/bulk',
    payload: { users: [{ email: 'ada@acme.test', firstName: 'Ada', department: 'Research' }] },
  });
  expect(imported.json()).toMatchObject({ created: 1, departmentsCreated: 1 });
  const group = await createGroup(org, 'Pilot');
  const user = await db()
    .selectFrom('users')
    .select('id')
    .where('org_id', '=', org.orgId)
    .executeTakeFirstOrThrow();
  return { org, userId: user.id, groupId: group.id };
}

const membership = (orgId: string, groupId: string, userId: string) => ({
  org_id: orgId,
  group_id: groupId,
  user_id: userId,
  added_at: new Date(),
  added_by_type: 'system' as const,
  added_by_label: 'test',
});

const membershipCount = async (orgId: string) =>
  Number(
    (
      await db()
        .selectFrom('group_memberships')
        .select((e) => e.fn.countAll().as('n'))
        .where('org_id', '=', orgId)
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('references of users and memberships, checked per statement', () => {
  it('refuses a membership in a group of another organization, and writes none of the statement', async () => {
    const a = await orgWithUserAndGroup();
    const b = await orgWithUserAndGroup();
    const error = await failure(
      db()
        .insertInto('group_memberships')
        .values([membership(a.org.orgId, a.groupId, a.userId), membership(a.org.orgId, b.groupId, a.userId)])
        .execute(),
    );
    expect(error.code).toBe('23503');
    expect(error.message).toContain('group that does not exist');
    expect(await membershipCount(a.org.orgId)).toBe(0);
  });

  it('refuses a membership of a user of another organization', async () => {
    const a = await orgWithUserAndGroup();
    const b = await orgWithUserAndGroup();
    const error = await failure(
      db()
        .insertInto('group_memberships')
        .values(membership(a.org.orgId, a.groupId, b.userId))
        .execute(),
    );
    expect(error.code).toBe('23503');
    expect(error.message).toContain('user that does not exist');
  });

  it('refuses, in a statement of more than a thousand memberships, those of users that do not exist', async () => {
    const a = await orgWithUserAndGroup();
    const error = await failure(
      sql`insert into group_memberships (org_id, group_id, user_id, added_at, added_by_type, added_by_label)
          select ${a.org.orgId}::uuid, ${a.groupId}::uuid, gen_random_uuid(), now(), 'system', 'test'
          from generate_series(1, 1200)`.execute(db()),
    );
    expect(error.code).toBe('23503');
    expect(error.message).toContain('user that does not exist');
    expect(await membershipCount(a.org.orgId)).toBe(0);
  });

  it('refuses an enrollment of a user of another organization, in a small statement and in a large one', async () => {
    const a = await orgWithUserAndGroup();
    const b = await orgWithUserAndGroup();
    const courses = await a.org.request({ method: 'GET', url: '/api/v1/courses' }); // the built-in ones
    expect(courses.statusCode).toBe(200);
    const course = await db()
      .selectFrom('courses')
      .select('id')
      .where('org_id', '=', a.org.orgId)
      .executeTakeFirstOrThrow();
    const enroll = (users: ReturnType<typeof sql>) =>
      sql`insert into enrollments (org_id, user_id, course_id, assignment_id, due_at, created_at)
          select ${a.org.orgId}::uuid, u.id, ${course.id}::uuid, gen_random_uuid(), now(), now() from ${users} as u(id)`.execute(
        db(),
      );
    const small = await failure(enroll(sql`unnest(array[${a.userId}::uuid, ${b.userId}::uuid])`));
    expect(small.code).toBe('23503');
    expect(small.message).toContain('user that does not exist');
    const large = await failure(
      enroll(
        sql`(select ${b.userId}::uuid union all select gen_random_uuid() from generate_series(1, 1200))`,
      ),
    );
    expect(large.code).toBe('23503');
    expect(large.message).toContain('user that does not exist');
    const enrolled = await sql<{
      n: string;
    }>`select count(*) as n from enrollments where org_id = ${a.org.orgId}::uuid`.execute(db());
    expect(Number(enrolled.rows[0]!.n)).toBe(0);
  });

  it("refuses a user in a missing organization or in another organization's department", async () => {
    const a = await orgWithUserAndGroup();
    const b = await orgWithUserAndGroup();
    const now = new Date();
    const missingOrg = await failure(
      db()
        .insertInto('users')
        .values({
          org_id: '00000000-0000-4000-8000-000000000000',
          email: 'x@y.test',
          created_at: now,
          updated_at: now,
        })
        .execute(),
    );
    expect(missingOrg.code).toBe('23503');
    const theirDepartment = await db()
      .selectFrom('departments')
      .select('id')
      .where('org_id', '=', b.org.orgId)
      .executeTakeFirstOrThrow();
    const onUpdate = await failure(
      db()
        .updateTable('users')
        .set({ department_id: theirDepartment.id })
        .where('org_id', '=', a.org.orgId)
        .where('id', '=', a.userId)
        .execute(),
    );
    expect(onUpdate.code).toBe('23503');
    expect(onUpdate.message).toContain('department that does not exist');
  });

  it('never moves a user to another organization, nor a membership to another group', async () => {
    const a = await orgWithUserAndGroup();
    const b = await orgWithUserAndGroup();
    await db()
      .insertInto('group_memberships')
      .values(membership(a.org.orgId, a.groupId, a.userId))
      .execute();
    await expect(
      db().updateTable('users').set({ org_id: b.org.orgId }).where('id', '=', a.userId).execute(),
    ).rejects.toThrow(/organization of a row in users cannot change/);
    await expect(
      db()
        .updateTable('group_memberships')
        .set({ group_id: b.groupId })
        .where('org_id', '=', a.org.orgId)
        .execute(),
    ).rejects.toThrow(/key of a row in group_memberships cannot change/);
  });

  it('deleting a group deletes its memberships, deleting a department leaves its users without one', async () => {
    const { org, userId, groupId } = await orgWithUserAndGroup();
    await db()
      .insertInto('group_memberships')
      .values(membership(org.orgId, groupId, userId))
      .execute();
    await db().deleteFrom('groups').where('org_id', '=', org.orgId).where('id', '=', groupId).execute();
    expect(await membershipCount(org.orgId)).toBe(0);

    await db().deleteFrom('departments').where('org_id', '=', org.orgId).execute();
    const user = await db()
      .selectFrom('users')
      .select('department_id')
      .where('org_id', '=', org.orgId)
      .executeTakeFirstOrThrow();
    expect(user.department_id).toBeNull();
  });

  it("deleting an organization deletes its users and memberships, and no one else's", async () => {
    const a = await orgWithUserAndGroup();
    const b = await orgWithUserAndGroup();
    for (const o of [a, b]) {
      await db()
        .insertInto('group_memberships')
        .values(membership(o.org.orgId, o.groupId, o.userId))
        .execute();
    }
    await sql`delete from organizations where id = ${a.org.orgId}::uuid`.execute(db());
    expect(await membershipCount(a.org.orgId)).toBe(0);
    const users = await db()
      .selectFrom('users')
      .select('org_id')
      .where('org_id', 'in', [a.org.orgId, b.org.orgId])
      .execute();
    expect(users.map((u) => u.org_id)).toEqual([b.org.orgId]);
    expect(await membershipCount(b.org.orgId)).toBe(1);
  });
});
