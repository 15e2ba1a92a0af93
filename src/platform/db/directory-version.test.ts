/**
 * The directory version (migration 202611271000) is what kept pages are checked against
 * (platform/page-cache.ts): it must grow with every committed change to an organization's users,
 * departments, groups or memberships, whoever writes it, and with nothing else.
 */
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGroup, createOrg, createUsers } from '../../../test/helpers/factories.ts';
import { signal } from '../../../test/helpers/signal.ts';
import { createTestApp, type TestApp } from '../../../test/helpers/test-app.ts';
import { createDirectoryVersionReader, directoryVersion } from './directory-version.ts';
import type { DB } from './schema.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const db = () => t.database.db;
const version = async (orgId: string) => BigInt(await directoryVersion(db(), orgId));

describe('directory version', () => {
  it('is 0 for an organization whose directory never changed', async () => {
    const org = await createOrg(t);
    expect(await version(org.orgId)).toBe(0n);
  });

  it('grows by one for each committed change to users, departments, groups or memberships, through the API', async () => {
    const org = await createOrg(t);
    const steps: Array<() => Promise<unknown>> = [
      () => createUsers(org, [{ email: 'ada@acme.test', firstName: 'Ada' }]),
      () => org.request({ method: 'POST', url: '/api/v1/departments', payload: { name: 'Research' } }),
      () => createGroup(org, 'Pilot'),
    ];
    let before = await version(org.orgId);
    for (const step of steps) {
      await step();
      const after = await version(org.orgId);
      expect(after).toBe(before + 1n);
      before = after;
    }
  });

  it('grows once for a transaction of many statements and rows over all four tables', async () => {
    const org = await createOrg(t);
    const [user] = await createUsers(org, [{ email: 'ada@acme.test' }]);
    const group = await createGroup(org, 'Pilot');
    const before = await version(org.orgId);
    await db()
      .transaction()
      .execute(async (trx) => {
        await sql`update users set first_name = 'Ada' where org_id = ${org.orgId}::uuid`.execute(trx);
        await sql`insert into departments (org_id, name, created_at) select ${org.orgId}::uuid, 'Team ' || n, now() from generate_series(1, 50) n`.execute(
          trx,
        );
        await sql`update groups set name = 'Pilots' where org_id = ${org.orgId}::uuid`.execute(trx);
        await sql`insert into group_memberships (org_id, group_id, user_id, added_at, added_by_type, added_by_label)
          values (${org.orgId}::uuid, ${group.id}::uuid, ${user!.id}::uuid, now(), 'system', 'test')`.execute(
          trx,
        );
        await sql`delete from departments where org_id = ${org.orgId}::uuid and name like 'Team %'`.execute(
          trx,
        );
      });
    expect(await version(org.orgId)).toBe(before + 1n);
    const notes = await sql<{ n: number }>`select count(*)::int as n from directory_changes`.execute(db());
    expect(notes.rows[0]!.n).toBe(0);
  });

  it('stays as it was after a rolled-back change, a statement that changed no row, or a write elsewhere', async () => {
    const org = await createOrg(t);
    await createUsers(org, [{ email: 'ada@acme.test' }]);
    const before = await version(org.orgId);
    await expect(
      db()
        .transaction()
        .execute(async (trx) => {
          await sql`update users set first_name = 'Rolled back' where org_id = ${org.orgId}::uuid`.execute(
            trx,
          );
          throw new Error('abort');
        }),
    ).rejects.toThrow('abort');
    await sql`update users set first_name = 'Nobody' where org_id = ${org.orgId}::uuid and email = 'nobody@acme.test'`.execute(
      db(),
    );
    await org.request({ method: 'POST', url: '/api/v1/api-keys', payload: { name: 'another key' } });
    expect(await version(org.orgId)).toBe(before);
  });

  it("is each organization's own: one organization's change leaves another's version as it was", async () => {
    const [a, b] = [await createOrg(t), await createOrg(t)];
    const before = await version(b.orgId);
    await createUsers(a, [{ email: 'ada@acme.test' }]);
    await createGroup(a, 'Pilot');
    expect(await version(b.orgId)).toBe(before);
  });

  it('grows for every organization a single statement writes to', async () => {
    const [a, b, c] = [await createOrg(t), await createOrg(t), await createOrg(t)];
    for (const org of [a, b, c]) await createUsers(org, [{ email: 'ada@acme.test' }]);
    const before = await Promise.all([a, b, c].map((org) => version(org.orgId)));
    await sql`update users set first_name = 'Ada' where org_id in (${a.orgId}::uuid, ${b.orgId}::uuid)`.execute(
      db(),
    );
    const after = await Promise.all([a, b, c].map((org) => version(org.orgId)));
    expect(after).toEqual([before[0]! + 1n, before[1]! + 1n, before[2]]);
  });

  it('lets an organization be deleted with its whole directory', async () => {
    const org = await createOrg(t);
    await createUsers(org, [{ email: 'ada@acme.test' }]);
    await createGroup(org, 'Pilot');
    await sql`delete from organizations where id = ${org.orgId}::uuid`.execute(db());
    const left = await sql<{ n: number }>`
      select (select count(*) from directory_versions where org_id = ${org.orgId}::uuid)
           + (select count(*) from directory_changes where org_id = ${org.orgId}::uuid) as n`.execute(db());
    expect(Number(left.rows[0]!.n)).toBe(0);
  });

  it('shows a change only once it is committed, and counts concurrent commits one by one', async () => {
    if (t.database.kind !== 'postgres') return; // PGlite has one connection: nothing runs beside a transaction.
    const org = await createOrg(t);
    await createUsers(org, [{ email: 'ada@acme.test' }, { email: 'bob@acme.test' }]);
    const before = await version(org.orgId);
    const held = signal();
    const wrote = signal();
    const first = db()
      .transaction()
      .execute(async (trx) => {
        await sql`update users set first_name = 'Ada' where org_id = ${org.orgId}::uuid and email = 'ada@acme.test'`.execute(
          trx,
        );
        wrote.fire();
        await held.fired;
      });
    await wrote.fired;
    expect(await version(org.orgId)).toBe(before);
    const second =
      sql`update users set first_name = 'Bob' where org_id = ${org.orgId}::uuid and email = 'bob@acme.test'`.execute(
        db(),
      );
    await second;
    expect(await version(org.orgId)).toBe(before + 1n);
    held.fire();
    await first;
    expect(await version(org.orgId)).toBe(before + 2n);
  });
});

describe('the directory version reader', () => {
  /** The test database, counting the queries sent; each answer can be held back after it was read. */
  function watched() {
    const sent: Array<{ read: Promise<void> }> = [];
    let hold: ReturnType<typeof signal> | null = null;
    const counting = {
      executeQuery: (query: never) => {
        const read = signal();
        sent.push({ read: read.fired });
        const held = hold;
        return db()
          .executeQuery(query)
          .then(async (result) => {
            read.fire();
            if (held) await held.fired;
            return result;
          });
      },
    } as unknown as Kysely<DB>;
    return {
      reader: createDirectoryVersionReader(counting),
      sent,
      holdAnswers() {
        const held = signal();
        hold = held;
        return () => {
          hold = null;
          held.fire();
        };
      },
    };
  }

  it('answers the lookups of an organization asked together with one query', async () => {
    const org = await createOrg(t);
    await createUsers(org, [{ email: 'ada@acme.test' }]);
    const { reader, sent } = watched();
    const answers = await Promise.all([
      reader.current(org.orgId),
      reader.current(org.orgId),
      reader.current(org.orgId),
    ]);
    expect(sent).toHaveLength(1);
    expect(answers).toEqual(['1', '1', '1']);
    // Another organization's lookup is its own query.
    const other = await createOrg(t);
    const [mine, theirs] = await Promise.all([reader.current(org.orgId), reader.current(other.orgId)]);
    expect([mine, theirs]).toEqual(['1', '0']);
    expect(sent).toHaveLength(3);
  });

  it('never answers a lookup with a version read before it was asked, even while that query is answering', async () => {
    const org = await createOrg(t);
    const { reader, sent, holdAnswers } = watched();
    const release = holdAnswers();
    const early = reader.current(org.orgId);
    await new Promise(setImmediate);
    await sent[0]!.read;
    // The early lookup's query has read version 0 and not answered yet; a change commits now.
    await createUsers(org, [{ email: 'ada@acme.test' }]);
    const late = reader.current(org.orgId);
    release();
    expect(await early).toBe('0');
    expect(await late).toBe('1');
    expect(sent).toHaveLength(2);
  });
});
