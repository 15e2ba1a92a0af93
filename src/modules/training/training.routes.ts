import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { groupParamsSchema } from '../groups/groups.schemas.ts';
import { userParamsSchema } from '../users/users.schemas.ts';
import {
  assignmentPageSchema,
  courseBodySchema,
  courseDetailSchema,
  courseListSchema,
  courseParamsSchema,
  createAssignmentBodySchema,
  createdAssignmentSchema,
  enrollmentPageSchema,
  groupCourseCountsSchema,
  listAssignmentsQuerySchema,
  listCoursesQuerySchema,
  listEnrollmentsQuerySchema,
} from './training.schemas.ts';
import type { TrainingService } from './training.service.ts';

// 100,000 user ids in one assignment is ~4 MB of JSON.
const ASSIGNMENT_BODY_LIMIT = 16 * 1024 * 1024;

export function trainingRoutes(deps: { training: TrainingService }): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['Training'];
    app.get(
      '/courses',
      {
        schema: {
          tags,
          summary: 'The course catalog: built-in courses and the organization’s own, with enrollment counts',
          querystring: listCoursesQuerySchema,
          response: { 200: courseListSchema },
        },
      },
      async (request) => ({ data: await deps.training.listCourses(request.ctx.orgId, request.query.status) }),
    );
    app.post(
      '/courses',
      {
        schema: {
          tags,
          summary: 'Create a course: Markdown lessons, a quiz with a pass mark, an optional video',
          body: courseBodySchema,
          response: { 201: courseDetailSchema },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await deps.training.createCourse(request.ctx, request.body)),
    );
    app.get(
      '/courses/:id',
      {
        schema: {
          tags,
          summary: 'One course with its lessons and quiz (answers included)',
          params: courseParamsSchema,
          response: { 200: courseDetailSchema },
        },
      },
      async (request) => deps.training.getCourse(request.ctx.orgId, request.params.id),
    );
    app.put(
      '/courses/:id',
      {
        schema: {
          tags,
          summary:
            'Replace the content of one of the organization’s own courses (built-in ones: clone first)',
          params: courseParamsSchema,
          body: courseBodySchema,
          response: { 200: courseDetailSchema },
        },
      },
      async (request) => deps.training.updateCourse(request.ctx, request.params.id, request.body),
    );
    app.post(
      '/courses/:id/clone',
      {
        schema: {
          tags,
          summary: 'Copy a course (built-in or own) into a new course of the organization’s, to edit',
          params: courseParamsSchema,
          response: { 201: courseDetailSchema },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await deps.training.cloneCourse(request.ctx, request.params.id)),
    );
    app.post(
      '/courses/:id/archive',
      {
        schema: {
          tags,
          summary: 'Archive a course: it can no longer be assigned; who has it keeps it',
          params: courseParamsSchema,
          response: { 200: courseDetailSchema },
        },
      },
      async (request) => deps.training.setCourseArchived(request.ctx, request.params.id, true),
    );
    app.post(
      '/courses/:id/restore',
      {
        schema: {
          tags,
          summary: 'Bring an archived course back into the catalog',
          params: courseParamsSchema,
          response: { 200: courseDetailSchema },
        },
      },
      async (request) => deps.training.setCourseArchived(request.ctx, request.params.id, false),
    );
    app.post(
      '/assignments',
      {
        bodyLimit: ASSIGNMENT_BODY_LIMIT,
        schema: {
          tags,
          summary: 'Assign a course to users, groups and departments with a due date',
          description:
            'Each active user named, in a group or in a department is enrolled once; users who already have the course keep it; disabled users are left out. With includeFutureMembers, users who join those groups or departments later are enrolled too, with as long to finish as this assignment gives.',
          body: createAssignmentBodySchema,
          response: { 201: createdAssignmentSchema },
        },
      },
      async (request, reply) => reply.code(201).send(await deps.training.assign(request.ctx, request.body)),
    );
    app.get(
      '/assignments',
      {
        schema: {
          tags,
          summary: 'Assignments made, newest first',
          querystring: listAssignmentsQuerySchema,
          response: { 200: assignmentPageSchema },
        },
      },
      async (request) => deps.training.listAssignments(request.ctx.orgId, request.query),
    );
    app.get(
      '/courses/:id/enrollments',
      {
        schema: {
          tags,
          summary: 'Who has this course and where they stand, by name',
          params: courseParamsSchema,
          querystring: listEnrollmentsQuerySchema,
          response: { 200: enrollmentPageSchema },
        },
      },
      async (request) =>
        deps.training.listEnrollments(request.ctx.orgId, { courseId: request.params.id }, request.query),
    );
    app.get(
      '/groups/:id/enrollments',
      {
        schema: {
          tags,
          summary: "The training of a group's members, by name (filter by course)",
          params: groupParamsSchema,
          querystring: listEnrollmentsQuerySchema,
          response: { 200: enrollmentPageSchema },
        },
      },
      async (request) =>
        deps.training.listEnrollments(request.ctx.orgId, { groupId: request.params.id }, request.query),
    );
    app.get(
      '/groups/:id/enrollment-counts',
      {
        schema: {
          tags,
          summary: "Per course the group's members have: how many have it and where they stand",
          params: groupParamsSchema,
          response: { 200: groupCourseCountsSchema },
        },
      },
      async (request) => ({
        data: await deps.training.groupCourseCounts(request.ctx.orgId, request.params.id),
      }),
    );
    app.get(
      '/users/:id/enrollments',
      {
        schema: {
          tags,
          summary: "A user's courses and where they stand",
          params: userParamsSchema,
          querystring: listEnrollmentsQuerySchema,
          response: { 200: enrollmentPageSchema },
        },
      },
      async (request) =>
        deps.training.listEnrollments(request.ctx.orgId, { userId: request.params.id }, request.query),
    );
  };
}
