/**
 * PostgreSQL text cannot hold U+0000: a NUL anywhere in a parameter, query or body would reach the
 * database as an error (a 500). Every route refuses it up front as a validation problem naming where
 * it was. The walk is iterative, so a deeply nested body cannot overflow the stack.
 */
import type { FastifyInstance } from 'fastify';
import { ValidationError } from '../../platform/errors.ts';

const MESSAGE = 'must not contain the NUL character (U+0000)';

/**
 * The path of a string (value or key) holding a NUL, or null. Strings are checked where they are
 * met and only containers wait on the stack with their paths, so a body of 100,000 strings (a bulk
 * call's emails) costs no allocation per string: building a path and a stack entry for each was
 * ≈ 80 ms of such a request, and its garbage.
 */
function findNul(root: unknown, rootPath: string): string | null {
  if (typeof root === 'string') return root.includes('\u0000') ? rootPath : null;
  const stack: Array<[object, string]> = [];
  if (root !== null && typeof root === 'object') stack.push([root, rootPath]);
  while (stack.length > 0) {
    const [container, path] = stack.pop()!;
    if (Array.isArray(container)) {
      for (let i = 0; i < container.length; i++) {
        const child: unknown = container[i];
        if (typeof child === 'string') {
          if (child.includes('\u0000')) return `${path}.${i}`;
        } else if (child !== null && typeof child === 'object') {
          stack.push([child, `${path}.${i}`]);
        }
      }
    } else {
      for (const [key, child] of Object.entries(container)) {
        if (key.includes('\u0000')) return path;
        if (typeof child === 'string') {
          if (child.includes('\u0000')) return `${path}.${key}`;
        } else if (child !== null && typeof child === 'object') {
          stack.push([child, `${path}.${key}`]);
        }
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
