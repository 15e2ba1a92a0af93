/**
 * Every error leaves the server as application/problem+json (RFC 9457): type, title, status, detail,
 * and errors[] for validation. Details of unexpected (5xx) errors are logged, never sent.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type FieldError } from '../../platform/errors.ts';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
  requestId?: string;
}

const FASTIFY_TITLES: Record<number, string> = {
  400: 'Invalid request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  406: 'Not acceptable',
  409: 'Conflict',
  413: 'Request body too large',
  415: 'Unsupported media type',
  429: 'Too many requests',
};

export function sendProblem(reply: FastifyReply, problem: Problem, headers?: Record<string, string>) {
  if (headers) reply.headers(headers);
  return reply.code(problem.status).type('application/problem+json').send(problem);
}

function slug(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

function validationProblem(error: FastifyError): Problem {
  const context = (error as { validationContext?: string }).validationContext ?? 'body';
  const errors: FieldError[] = (error.validation ?? []).map((v) => {
    const path = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
    return { path: path ? `${context}.${path}` : context, message: v.message ?? 'is invalid' };
  });
  const first = errors[0];
  return {
    type: 'https://heed.dev/problems/validation',
    title: 'Invalid request',
    status: 400,
    detail: first ? `${first.path}: ${first.message}` : 'The request is invalid.',
    errors,
  };
}

export function registerProblemDetails(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof AppError) {
      return sendProblem(
        reply,
        {
          type: `https://heed.dev/problems/${error.code}`,
          title: error.title,
          status: error.status,
          detail: error.detail,
          ...(error.errors ? { errors: error.errors } : {}),
        },
        error.headers,
      );
    }
    if (error.validation) return sendProblem(reply, validationProblem(error));

    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const title = FASTIFY_TITLES[status] ?? 'Bad request';
      const detail =
        status === 413
          ? 'The request body is larger than this route accepts.'
          : status === 415
            ? `Content-Type ${request.headers['content-type'] ?? '(none)'} is not accepted here.`
            : error.message;
      return sendProblem(
        reply,
        { type: `https://heed.dev/problems/${slug(title)}`, title, status, detail },
        status === 429 ? (error as { headers?: Record<string, string> }).headers : undefined,
      );
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(reply, {
      type: 'https://heed.dev/problems/internal',
      title: 'Internal server error',
      status: 500,
      detail: `Something went wrong on our side. Quote request id ${request.id} when reporting it.`,
      requestId: String(request.id),
    });
  });
}

export function sendRouteNotFound(request: FastifyRequest, reply: FastifyReply) {
  return sendProblem(reply, {
    type: 'https://heed.dev/problems/not-found',
    title: 'Not found',
    status: 404,
    detail: `No route for ${request.method} ${request.url.split('?')[0]}.`,
  });
}
