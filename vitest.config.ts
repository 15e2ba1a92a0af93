import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    globalSetup: ['test/helpers/global-setup.ts'],
    pool: 'forks',
    // A worker process runs file after file with the modules it has already loaded (Fastify, Kysely,
    // PGlite's WebAssembly, the app): loading them again for each file took a fifth of the run. Each
    // file still opens its own app on its own database copy and closes it; nothing under src/ keeps
    // state between apps but caches of constant text.
    isolate: false,
    // Each test file opens its own database; PGlite needs ~300 MB per instance.
    maxWorkers: 2,
    minWorkers: 1,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
