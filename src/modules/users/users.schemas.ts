import { z } from 'zod';
import { cursorSchema, limitSchema } from '../../platform/pagination.ts';
import { emailSchema } from '../organizations/organizations.schemas.ts';

export const USER_FIELD_LIMITS = { name: 100, language: 35, location: 200, role: 100 } as const;

const optionalText = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`);

export const userSchema = z.object({
  id: z.string(),
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  department: z.object({ id: z.string(), name: z.string() }).nullable(),
  language: z.string().nullable(),
  location: z.string().nullable(),
  role: z.string().nullable(),
  status: z.enum(['active', 'disabled']),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type User = z.infer<typeof userSchema>;

export const createUserBodySchema = z.strictObject({
  email: emailSchema,
  firstName: optionalText(USER_FIELD_LIMITS.name).optional(),
  lastName: optionalText(USER_FIELD_LIMITS.name).optional(),
  departmentId: z.uuid().nullable().optional(),
  language: optionalText(USER_FIELD_LIMITS.language).nullable().optional(),
  location: optionalText(USER_FIELD_LIMITS.location).nullable().optional(),
  role: optionalText(USER_FIELD_LIMITS.role).nullable().optional(),
  status: z.enum(['active', 'disabled']).optional(),
});
export type CreateUserInput = z.infer<typeof createUserBodySchema>;

/** Fields left out are kept; null clears an optional field. */
export const updateUserBodySchema = createUserBodySchema.partial();
export type UpdateUserInput = z.infer<typeof updateUserBodySchema>;

export const userSortSchema = z.enum(['name', 'email', 'department', 'lastLogin', 'createdAt']);
export type UserSort = z.infer<typeof userSortSchema>;

export const listUsersQuerySchema = z.strictObject({
  search: z.string().trim().max(200).optional().describe('Matches name or email, case-insensitively'),
  departmentId: z.uuid().optional(),
  groupId: z.uuid().optional(),
  notInGroupId: z
    .uuid()
    .optional()
    .describe('Only users who are not members of this group (the Assign Users picker)'),
  status: z.enum(['active', 'disabled']).optional(),
  sort: userSortSchema.default('name'),
  order: z.enum(['asc', 'desc']).default('asc'),
  limit: limitSchema,
  cursor: cursorSchema,
});
export type ListUsersQuery = z.infer<typeof listUsersQuerySchema>;

export const userPageSchema = z.object({ data: z.array(userSchema), nextCursor: z.string().nullable() });
export const userParamsSchema = z.strictObject({ id: z.uuid() });

export const userIdsBodySchema = z.strictObject({
  userIds: z.array(z.uuid()).min(1, 'must list at least one user').max(100_000),
});

export const statusChangeResultSchema = z.object({
  changed: z.number().int(),
  unchanged: z.number().int(),
  notFound: z.array(z.string()),
  refused: z.array(z.object({ userId: z.string(), reason: z.string() })),
});
export type StatusChangeResult = z.infer<typeof statusChangeResultSchema>;
