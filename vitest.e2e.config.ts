import { defineConfig } from 'vitest/config';

// Browser tests: a real server on a fresh database, driven through Debian's Chromium.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts', 'test/e2e/build-console.ts'],
    setupFiles: ['test/e2e/setup.ts'],
    pool: 'forks',
    // Modules stay loaded from file to file, as in vitest.config.ts (which says why).
    isolate: false,
    maxWorkers: 2,
    minWorkers: 1,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // expect.poll waits on the page the way Playwright's own waits do. Its 1 s default is shorter than a
    // debounced preview takes to come back from the server while CI runs two browsers on two cores.
    expect: { poll: { timeout: 10_000 } },
  },
});
