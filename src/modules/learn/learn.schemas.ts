import { z } from 'zod';
import { emailSchema } from '../organizations/organizations.schemas.ts';

export const requestSignInBodySchema = z.strictObject({ email: emailSchema });
export const requestSignInResponseSchema = z.object({ message: z.string() });

export const signInBodySchema = z.strictObject({
  token: z.string().min(20).max(200).describe('The token of the emailed sign-in link'),
});

export const learnerSchema = z.object({
  user: z.object({ id: z.string(), email: z.string(), firstName: z.string(), lastName: z.string() }),
  organization: z.object({ id: z.string(), name: z.string() }),
});
export type Learner = z.infer<typeof learnerSchema>;

export const taskSchema = z.object({
  course: z.object({
    id: z.string(),
    title: z.string(),
    summary: z.string(),
    estimatedMinutes: z.number().int(),
    lessonCount: z.number().int(),
  }),
  status: z.enum(['not_started', 'in_progress', 'completed']),
  overdue: z.boolean(),
  dueAt: z.string(),
  lessonsCompleted: z.number().int(),
  score: z.number().int().nullable(),
  completedAt: z.string().nullable(),
});
export type Task = z.infer<typeof taskSchema>;

export const tasksSchema = z.object({ pending: z.array(taskSchema), completed: z.array(taskSchema) });

export const learnerCourseSchema = z.object({
  id: z.string(),
  title: z.string(),
  summary: z.string(),
  estimatedMinutes: z.number().int(),
  passMark: z.number().int(),
  videoUrl: z.string().nullable(),
  lessons: z.array(z.object({ title: z.string(), markdown: z.string() })),
  quiz: z
    .array(z.object({ prompt: z.string(), options: z.array(z.string()), multiple: z.boolean() }))
    .describe('The questions without their answers'),
  task: taskSchema,
});
export type LearnerCourse = z.infer<typeof learnerCourseSchema>;

export const courseParamsSchema = z.strictObject({ id: z.uuid() });

export const progressBodySchema = z.strictObject({
  lessonsCompleted: z.number().int().min(1).max(30).describe('How many lessons, from the first, are read'),
});

export const quizBodySchema = z.strictObject({
  answers: z
    .array(z.array(z.number().int().min(0).max(5)).max(6))
    .min(1)
    .max(50)
    .describe('Per question, in order, the indexes of the chosen answers'),
});

export const quizResultSchema = z.object({
  score: z.number().int().describe('Percentage of questions answered exactly right'),
  passed: z.boolean(),
  passMark: z.number().int(),
  questions: z.array(
    z.object({
      correct: z.boolean(),
      explanation: z.string().nullable().describe('Shown once the quiz is passed'),
    }),
  ),
  task: taskSchema,
});
export type QuizResult = z.infer<typeof quizResultSchema>;
