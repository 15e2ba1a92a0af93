/**
 * PostgreSQL text cannot hold U+0000: a NUL anywhere in a parameter, query or body would reach the
 * database as an error (a 500). Every route refuses it up front as a validation problem naming where
 * it was. The walk is iterative, so a deeply nested body cannot overflow the stack.
 */
import type { FastifyInstance } from 'fastify';
import { ValidationError } from '../../platform/errors.ts';

const MESSAGE = 'must not contain the NUL character (U+0000)';

/** The path of the first string (value or key) holding a NUL, or null. */
function findNul(root: unknown, rootPath: string): string | null {
  const stack: Array<[unknown, string]> = [[root, rootPath]];
  while (stack.length > 0) {
    const [value, path] = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return path;
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push([value[i], `${path}.${i}`]);
    } else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        if (key.includes('\u0000')) return path;
        stack.push([child, `${path}.${key}`]);
      }
    }
  }
  return null;
}

export function registerNulCharacterGuard(app: FastifyInstance) {
  app.addHook('preValidation', async (request) => {
    const path =
      findNul(request.params, 'params') ??
      findNul(request.query, 'querystring') ??
      findNul(request.body, 'body');
    if (path) throw new ValidationError(`${path}: ${MESSAGE}`, [{ path, message: MESSAGE }]);
  });
}
