import { spawnSync } from 'node:child_process';

/** The browser tests run against the built console: build it (when stale) once per run. */
export default function setup() {
  const result = spawnSync('node', ['scripts/build-web-if-needed.mjs'], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error('Building the web console failed');
}
