/**
 * The /api/v1 routes the app really serves, read from two sources that must agree: Fastify's own
 * route tree (printRoutes) and the generated OpenAPI document. Suites that promise to cover every
 * route check themselves against this list, so a new route cannot slip past them.
 */
import type { TestApp } from './test-app.ts';

/** "METHOD /api/v1/path/:param", HEAD left out (Fastify adds it to every GET). */
export type RouteKey = string;

/** Parses the tree printRoutes draws: each line is `<indent>├── <segment> (METHODS)`. */
export function routesFromTree(tree: string): RouteKey[] {
  const routes: RouteKey[] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const marker = line.indexOf('── ');
    if (marker < 0) continue;
    const depth = (marker - 1) / 4;
    const match = /^(.*?)(?: \(([A-Z, ]+)\))?$/.exec(line.slice(marker + 3))!;
    stack.length = depth;
    stack.push(match[1]!);
    const path = stack.join('');
    for (const method of (match[2] ?? '').split(',').map((m) => m.trim())) {
      if (method && method !== 'HEAD') routes.push(`${method} ${path}`);
    }
  }
  return routes;
}

export async function apiRoutes(t: TestApp): Promise<{ served: RouteKey[]; documented: RouteKey[] }> {
  const served = routesFromTree(t.app.printRoutes({ commonPrefix: false })).filter((r) =>
    r.split(' ')[1]!.startsWith('/api/v1/'),
  );
  const spec = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
  const documented = Object.entries<Record<string, unknown>>(spec.paths)
    .filter(([path]) => path.startsWith('/api/v1/'))
    .flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
  return { served: served.sort(), documented: documented.sort() };
}

/** The route a concrete URL hits, as a RouteKey (the longest literal match wins over a parameter). */
export function routeOf(routes: RouteKey[], method: string, url: string): RouteKey | null {
  const path = url.split('?')[0]!;
  const candidates = routes.filter((route) => {
    const [routeMethod, pattern] = route.split(' ') as [string, string];
    if (routeMethod !== method.toUpperCase()) return false;
    const regex = new RegExp(`^${pattern.replace(/\./g, '\\.').replace(/:\w+/g, '[^/]+?')}$`);
    return regex.test(path);
  });
  // "/users/disable" also matches "/users/:id": prefer the pattern with fewer parameters.
  candidates.sort((x, y) => (x.match(/:/g)?.length ?? 0) - (y.match(/:/g)?.length ?? 0));
  return candidates[0] ?? null;
}
