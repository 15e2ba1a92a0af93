import { z } from 'zod';
import { cursorSchema, limitSchema } from '../../platform/pagination.ts';

const text = (max: number) =>
  z.string().trim().min(1, 'is required').max(max, `must be at most ${max} characters`);

export const lessonSchema = z.strictObject({
  title: text(200),
  markdown: text(50_000).describe('The lesson in Markdown (rendered without raw HTML)'),
});

export const questionSchema = z
  .strictObject({
    prompt: text(1000),
    options: z.array(text(300)).min(2, 'needs at least 2 answers').max(6, 'at most 6 answers'),
    correct: z
      .array(z.number().int().min(0))
      .min(1, 'must mark at least one answer as right')
      .describe('Indexes into options of the right answers'),
    explanation: z.string().trim().max(1000).default(''),
  })
  .superRefine((q, ctx) => {
    if (q.correct.some((i) => i >= q.options.length)) {
      ctx.addIssue({ code: 'custom', path: ['correct'], message: 'must point at answers that exist' });
    }
    if (new Set(q.correct).size !== q.correct.length) {
      ctx.addIssue({ code: 'custom', path: ['correct'], message: 'lists an answer twice' });
    }
    if (new Set(q.options.map((o) => o.toLowerCase())).size !== q.options.length) {
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'has the same answer twice' });
    }
  });

const videoUrlSchema = z
  .string()
  .trim()
  .max(2000)
  .regex(/^https:\/\/[^\s]+$/, 'must be an https:// URL');

export const courseBodySchema = z.strictObject({
  title: text(200),
  summary: z.string().trim().max(1000).default(''),
  estimatedMinutes: z.number().int().min(1).max(600),
  passMark: z.number().int().min(1).max(100).describe('Percentage of right answers needed to pass'),
  videoUrl: videoUrlSchema.nullable().default(null),
  lessons: z.array(lessonSchema).min(1, 'needs at least one lesson').max(30, 'at most 30 lessons'),
  quiz: z.array(questionSchema).min(1, 'needs at least one question').max(50, 'at most 50 questions'),
});
export type CourseInput = z.infer<typeof courseBodySchema>;

export const enrollmentCountsSchema = z.object({
  assigned: z.number().int(),
  notStarted: z.number().int(),
  inProgress: z.number().int(),
  completed: z.number().int(),
  overdue: z.number().int(),
});

export const groupCourseCountsSchema = z.object({
  data: z.array(
    enrollmentCountsSchema.extend({
      course: z.object({ id: z.string(), title: z.string(), status: z.enum(['active', 'archived']) }),
    }),
  ),
});
export type GroupCourseCounts = z.infer<typeof groupCourseCountsSchema>['data'][number];

export const courseSchema = z.object({
  id: z.string(),
  title: z.string(),
  summary: z.string(),
  estimatedMinutes: z.number().int(),
  passMark: z.number().int(),
  videoUrl: z.string().nullable(),
  builtIn: z.boolean().describe('Written by Heed: assign or archive it; clone it to change it'),
  status: z.enum(['active', 'archived']),
  version: z.number().int(),
  lessonCount: z.number().int(),
  questionCount: z.number().int(),
  enrollments: enrollmentCountsSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Course = z.infer<typeof courseSchema>;

export const courseDetailSchema = courseSchema.extend({
  lessons: z.array(z.object({ title: z.string(), markdown: z.string() })),
  quiz: z.array(
    z.object({
      prompt: z.string(),
      options: z.array(z.string()),
      correct: z.array(z.number().int()),
      explanation: z.string(),
    }),
  ),
});
export type CourseDetail = z.infer<typeof courseDetailSchema>;

export const courseListSchema = z.object({ data: z.array(courseSchema) });
export const listCoursesQuerySchema = z.strictObject({
  status: z.enum(['active', 'archived', 'all']).default('active'),
});
export const courseParamsSchema = z.strictObject({ id: z.uuid() });

export const createAssignmentBodySchema = z
  .strictObject({
    courseId: z.uuid(),
    userIds: z.array(z.uuid()).max(100_000).optional(),
    groupIds: z.array(z.uuid()).max(100).optional(),
    departmentIds: z.array(z.uuid()).max(100).optional(),
    dueAt: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date and time' }),
    includeFutureMembers: z
      .boolean()
      .default(false)
      .describe('Also enroll users who join these groups or departments later'),
  })
  .refine((b) => (b.userIds?.length ?? 0) + (b.groupIds?.length ?? 0) + (b.departmentIds?.length ?? 0) > 0, {
    message: 'name at least one user, group or department',
    path: ['userIds'],
  });
export type CreateAssignmentInput = z.infer<typeof createAssignmentBodySchema>;

export const assignmentSchema = z.object({
  id: z.string(),
  course: z.object({ id: z.string(), title: z.string() }),
  dueAt: z.string(),
  groupIds: z.array(z.string()),
  departmentIds: z.array(z.string()),
  userCount: z.number().int().describe('Users enrolled by this assignment when it was made'),
  includeFutureMembers: z.boolean(),
  createdAt: z.string(),
  createdBy: z.object({ type: z.string(), id: z.string().nullable(), label: z.string() }),
});
export type Assignment = z.infer<typeof assignmentSchema>;

export const createdAssignmentSchema = z.object({
  assignment: assignmentSchema,
  enrolled: z.number().int().describe('Users who got the course now'),
  alreadyEnrolled: z.number().int().describe('Users who already had it (pending or completed)'),
  skippedDisabled: z.number().int().describe('Disabled users, left out'),
  notFound: z.object({ userIds: z.array(z.string()) }),
});

export const assignmentPageSchema = z.object({
  data: z.array(assignmentSchema),
  nextCursor: z.string().nullable(),
});
export const listAssignmentsQuerySchema = z.strictObject({
  courseId: z.uuid().optional(),
  limit: limitSchema,
  cursor: cursorSchema,
});

export const enrollmentStatusFilterSchema = z.enum([
  'not_started',
  'in_progress',
  'completed',
  'overdue',
  'pending',
]);

export const enrollmentSchema = z.object({
  user: z.object({
    id: z.string(),
    email: z.string(),
    firstName: z.string(),
    lastName: z.string(),
    department: z.string().nullable(),
    status: z.enum(['active', 'disabled']),
  }),
  course: z.object({ id: z.string(), title: z.string() }),
  status: z.enum(['not_started', 'in_progress', 'completed']),
  overdue: z.boolean(),
  dueAt: z.string(),
  lessonsCompleted: z.number().int(),
  quizAttempts: z.number().int(),
  score: z.number().int().nullable(),
  startedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  assignedAt: z.string(),
});
export type Enrollment = z.infer<typeof enrollmentSchema>;

export const enrollmentPageSchema = z.object({
  data: z.array(enrollmentSchema),
  nextCursor: z.string().nullable(),
});
export const listEnrollmentsQuerySchema = z.strictObject({
  status: enrollmentStatusFilterSchema
    .optional()
    .describe('pending = not completed; overdue = pending past due'),
  courseId: z.uuid().optional(),
  search: z.string().trim().max(200).optional().describe('Matches name or email, case-insensitively'),
  limit: limitSchema,
  cursor: cursorSchema,
});
export type ListEnrollmentsQuery = z.infer<typeof listEnrollmentsQuerySchema>;
