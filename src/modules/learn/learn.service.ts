/**
 * The learner portal (/learn): users sign in with an emailed link and take the courses assigned to
 * them. Everything here is scoped to the signed-in user of one organization.
 *
 * Sign-in links are single use, expire after 15 minutes and are stored as hashes; asking for one
 * answers the same whether or not the email belongs to anyone, and a user gets at most a few per
 * quarter hour (more requests are answered the same and send nothing). A user's email is unique per
 * organization only, so a person in two organizations gets one link for each.
 */
import { type Kysely, sql } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import { randomToken, sha256 } from '../../platform/crypto.ts';
import type { CourseQuestion, DB } from '../../platform/db/schema.ts';
import { ConflictError, NotFoundError, UnauthorizedError, ValidationError } from '../../platform/errors.ts';
import type { MailService } from '../mail/mail.service.ts';
import { renderEmail } from '../mail/mail.templates.ts';
import type { Learner, LearnerCourse, QuizResult, Task } from './learn.schemas.ts';

export const SIGN_IN_LINK_TTL_MS = 15 * 60_000;
export const LEARNER_SESSION_TTL_MS = 7 * 24 * 3600_000;
/** Links a user can be sent per SIGN_IN_LINK_TTL_MS; further requests send nothing. */
const LINKS_PER_WINDOW = 3;

export const SIGN_IN_REQUESTED =
  'If that address belongs to someone in an organization using Heed, a sign-in link is on its way. It works once, for 15 minutes.';

export interface LearnerSession {
  orgId: string;
  userId: string;
}

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

function enrollmentQuery(db: Kysely<DB>, orgId: string, userId: string) {
  return db
    .selectFrom('enrollments as e')
    .innerJoin('courses as c', (j) => j.onRef('c.org_id', '=', 'e.org_id').onRef('c.id', '=', 'e.course_id'))
    .select([
      'c.id',
      'c.title',
      'c.summary',
      'c.estimated_minutes',
      'c.pass_mark',
      'c.video_url',
      'c.version',
      sql<number>`jsonb_array_length(c.lessons)`.as('lesson_count'),
      'e.status',
      'e.due_at',
      'e.lessons_completed',
      'e.score',
      'e.completed_at',
    ])
    .where('e.org_id', '=', orgId)
    .where('e.user_id', '=', userId);
}
type EnrollmentRow = Awaited<ReturnType<ReturnType<typeof enrollmentQuery>['execute']>>[number];

function toTask(row: EnrollmentRow, now: Date): Task {
  return {
    course: {
      id: row.id,
      title: row.title,
      summary: row.summary,
      estimatedMinutes: row.estimated_minutes,
      lessonCount: Number(row.lesson_count),
    },
    status: row.status,
    overdue: row.status !== 'completed' && new Date(row.due_at) < now,
    dueAt: iso(row.due_at)!,
    lessonsCompleted: row.lessons_completed,
    score: row.score,
    completedAt: iso(row.completed_at),
  };
}

/** Exactly the right answers, no more, no fewer. */
function answeredRight(question: CourseQuestion, chosen: number[]) {
  const right = new Set(question.correct);
  const picked = new Set(chosen);
  return right.size === picked.size && [...right].every((i) => picked.has(i));
}

export function createLearnService(deps: {
  db: Kysely<DB>;
  clock: Clock;
  publicUrl: string;
  mail: Pick<MailService, 'queue' | 'notifyQueued'>;
}) {
  async function task(session: LearnerSession, courseId: string) {
    const row = await enrollmentQuery(deps.db, session.orgId, session.userId)
      .where('e.course_id', '=', courseId)
      .executeTakeFirst();
    if (!row) throw new NotFoundError('Course');
    return row;
  }

  return {
    /** Emails a sign-in link to each active user with this address; answers the same either way. */
    async requestSignIn(email: string): Promise<{ message: string }> {
      const now = deps.clock.now();
      const queued = await deps.db.transaction().execute(async (trx) => {
        const users = await trx
          .selectFrom('users as u')
          .innerJoin('organizations as o', 'o.id', 'u.org_id')
          .select([
            'u.org_id',
            'u.id',
            'u.email',
            'u.first_name',
            'u.last_name',
            'o.name as organization_name',
          ])
          .where('u.email_normalized', '=', email.toLowerCase())
          .where('u.status', '=', 'active')
          .orderBy('u.org_id')
          .forUpdate(['u'])
          .execute();
        let count = 0;
        for (const user of users) {
          const recent = await trx
            .selectFrom('learner_sign_in_links')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('org_id', '=', user.org_id)
            .where('user_id', '=', user.id)
            .where('created_at', '>', new Date(now.getTime() - SIGN_IN_LINK_TTL_MS))
            .executeTakeFirstOrThrow();
          if (Number(recent.n) >= LINKS_PER_WINDOW) continue;
          const token = randomToken();
          const tokenHash = sha256(token);
          await trx
            .insertInto('learner_sign_in_links')
            .values({
              token_hash: tokenHash,
              org_id: user.org_id,
              user_id: user.id,
              expires_at: new Date(now.getTime() + SIGN_IN_LINK_TTL_MS),
              created_at: now,
            })
            .execute();
          const link = `${deps.publicUrl}/learn/sign-in#token=${token}`;
          const { html, text } = renderEmail({
            organizationName: user.organization_name,
            preheader: 'Your link to sign in to your security training',
            heading: 'Sign in to your training',
            paragraphs: [
              `Hello ${user.first_name || user.email},`,
              `Use the button below to sign in to ${user.organization_name}'s security training. The link works once, for the next 15 minutes.`,
            ],
            action: { label: 'Sign in', url: link },
            footer:
              'If you did not ask for this link, you can ignore this email: nobody can sign in without it.',
          });
          count += await deps.mail.queue(trx, user.org_id, [
            {
              idempotencyKey: `sign-in:${tokenHash}`,
              kind: 'sign_in_link',
              to: { address: user.email, name: `${user.first_name} ${user.last_name}`.trim() },
              userId: user.id,
              subject: `Sign in to ${user.organization_name} training`,
              html,
              text,
            },
          ]);
        }
        return count;
      });
      if (queued > 0) deps.mail.notifyQueued();
      return { message: SIGN_IN_REQUESTED };
    },

    /** Uses a sign-in link: once, before it expires, for a user still active. Sets lastLoginAt. */
    async signIn(token: string) {
      const now = deps.clock.now();
      return deps.db.transaction().execute(async (trx) => {
        const link = await trx
          .selectFrom('learner_sign_in_links')
          .selectAll()
          .where('token_hash', '=', sha256(token))
          .forUpdate()
          .executeTakeFirst();
        if (!link || link.used_at !== null || new Date(link.expires_at) <= now) {
          throw new UnauthorizedError(
            'This sign-in link is no longer valid: it works once, for 15 minutes. Ask for a new one.',
          );
        }
        await trx
          .updateTable('learner_sign_in_links')
          .set({ used_at: now })
          .where('token_hash', '=', link.token_hash)
          .execute();
        const user = await trx
          .updateTable('users')
          .set({ last_login_at: now })
          .where('org_id', '=', link.org_id)
          .where('id', '=', link.user_id)
          .where('status', '=', 'active')
          .returning('id')
          .executeTakeFirst();
        if (!user) throw new UnauthorizedError('This account is disabled. Ask your administrator.');
        const sessionToken = randomToken();
        const expiresAt = new Date(now.getTime() + LEARNER_SESSION_TTL_MS);
        await trx
          .insertInto('learner_sessions')
          .values({
            token_hash: sha256(sessionToken),
            org_id: link.org_id,
            user_id: link.user_id,
            expires_at: expiresAt,
            created_at: now,
          })
          .execute();
        return { token: sessionToken, expiresAt, session: { orgId: link.org_id, userId: link.user_id } };
      });
    },

    /** The session behind a learner cookie, if it is live and its user still active. */
    async authenticate(token: string): Promise<LearnerSession | null> {
      const row = await deps.db
        .selectFrom('learner_sessions as s')
        .innerJoin('users as u', (j) => j.onRef('u.org_id', '=', 's.org_id').onRef('u.id', '=', 's.user_id'))
        .select(['s.org_id', 's.user_id'])
        .where('s.token_hash', '=', sha256(token))
        .where('s.expires_at', '>', deps.clock.now())
        .where('u.status', '=', 'active')
        .executeTakeFirst();
      return row ? { orgId: row.org_id, userId: row.user_id } : null;
    },

    async signOut(token: string) {
      await deps.db.deleteFrom('learner_sessions').where('token_hash', '=', sha256(token)).execute();
    },

    async me(session: LearnerSession): Promise<Learner> {
      const row = await deps.db
        .selectFrom('users as u')
        .innerJoin('organizations as o', 'o.id', 'u.org_id')
        .select(['u.id', 'u.email', 'u.first_name', 'u.last_name', 'o.id as org_id', 'o.name as org_name'])
        .where('u.org_id', '=', session.orgId)
        .where('u.id', '=', session.userId)
        .executeTakeFirstOrThrow();
      return {
        user: { id: row.id, email: row.email, firstName: row.first_name, lastName: row.last_name },
        organization: { id: row.org_id, name: row.org_name },
      };
    },

    /** My Learning: pending first by due date, then completed, newest first. */
    async tasks(session: LearnerSession) {
      const now = deps.clock.now();
      const rows = await enrollmentQuery(deps.db, session.orgId, session.userId)
        .orderBy('e.due_at')
        .orderBy('c.title')
        .execute();
      const tasks = rows.map((r) => toTask(r, now));
      return {
        pending: tasks.filter((t) => t.status !== 'completed'),
        completed: tasks
          .filter((t) => t.status === 'completed')
          .sort((a, b) => (b.completedAt ?? '').localeCompare(a.completedAt ?? '')),
      };
    },

    async course(session: LearnerSession, courseId: string): Promise<LearnerCourse> {
      const row = await task(session, courseId);
      const content = await deps.db
        .selectFrom('courses')
        .select(['lessons', 'quiz'])
        .where('org_id', '=', session.orgId)
        .where('id', '=', courseId)
        .executeTakeFirstOrThrow();
      return {
        id: row.id,
        title: row.title,
        summary: row.summary,
        estimatedMinutes: row.estimated_minutes,
        passMark: row.pass_mark,
        videoUrl: row.video_url,
        lessons: content.lessons,
        quiz: content.quiz.map((q) => ({
          prompt: q.prompt,
          options: q.options,
          multiple: q.correct.length > 1,
        })),
        task: toTask(row, deps.clock.now()),
      };
    },

    /** Records lessons read (never backwards); the course is then in progress. */
    async recordProgress(session: LearnerSession, courseId: string, lessonsCompleted: number): Promise<Task> {
      const now = deps.clock.now();
      const row = await task(session, courseId);
      if (lessonsCompleted > Number(row.lesson_count)) {
        throw new ValidationError(`This course has ${row.lesson_count} lessons.`, [
          { path: 'body.lessonsCompleted', message: `must be at most ${row.lesson_count}` },
        ]);
      }
      await deps.db
        .updateTable('enrollments')
        .set((eb) => ({
          lessons_completed: sql`greatest(${eb.ref('lessons_completed')}, ${lessonsCompleted})`,
          status: sql`case when status = 'not_started' then 'in_progress' else status end`,
          started_at: sql`coalesce(started_at, ${now}::timestamptz)`,
        }))
        .where('org_id', '=', session.orgId)
        .where('user_id', '=', session.userId)
        .where('course_id', '=', courseId)
        .execute();
      return toTask(await task(session, courseId), now);
    },

    /**
     * Scores a quiz attempt. Every lesson must be read first. A failed attempt can be retried at once
     * (the learner sees which answers were wrong, not the right ones); a pass completes the course
     * (later attempts can only raise the score) and shows every explanation.
     */
    async submitQuiz(session: LearnerSession, courseId: string, answers: number[][]): Promise<QuizResult> {
      const now = deps.clock.now();
      return deps.db.transaction().execute(async (trx) => {
        const row = await enrollmentQuery(trx, session.orgId, session.userId)
          .where('e.course_id', '=', courseId)
          .forUpdate(['e'])
          .executeTakeFirst();
        if (!row) throw new NotFoundError('Course');
        if (row.lessons_completed < Number(row.lesson_count)) {
          throw new ConflictError('Read every lesson before taking the quiz.');
        }
        const { quiz } = await trx
          .selectFrom('courses')
          .select('quiz')
          .where('org_id', '=', session.orgId)
          .where('id', '=', courseId)
          .executeTakeFirstOrThrow();
        if (answers.length !== quiz.length) {
          throw new ValidationError(`Answer all ${quiz.length} questions.`, [
            { path: 'body.answers', message: `must have one entry per question (${quiz.length})` },
          ]);
        }
        const results = quiz.map((question, i) => answeredRight(question, answers[i]!));
        const score = Math.round((results.filter(Boolean).length / quiz.length) * 100);
        const passed = score >= row.pass_mark;
        await trx
          .insertInto('quiz_attempts')
          .values({
            org_id: session.orgId,
            user_id: session.userId,
            course_id: courseId,
            course_version: row.version,
            answers: JSON.stringify(answers),
            score,
            passed,
            created_at: now,
          })
          .execute();
        await trx
          .updateTable('enrollments')
          .set((eb) => ({
            quiz_attempts: eb('quiz_attempts', '+', 1),
            ...(passed
              ? {
                  status: 'completed' as const,
                  score: sql`greatest(coalesce(${eb.ref('score')}, 0), ${score})`,
                  completed_at: sql`coalesce(completed_at, ${now}::timestamptz)`,
                }
              : {}),
          }))
          .where('org_id', '=', session.orgId)
          .where('user_id', '=', session.userId)
          .where('course_id', '=', courseId)
          .execute();
        const after = await enrollmentQuery(trx, session.orgId, session.userId)
          .where('e.course_id', '=', courseId)
          .executeTakeFirstOrThrow();
        return {
          score,
          passed,
          passMark: row.pass_mark,
          questions: results.map((correct, i) => ({
            correct,
            explanation: passed ? quiz[i]!.explanation || null : null,
          })),
          task: toTask(after, now),
        };
      });
    },
  };
}
export type LearnService = ReturnType<typeof createLearnService>;
