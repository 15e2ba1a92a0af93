/** Every browser test file: when a test fails, say what its pages showed (diagnostics.ts). */
import { beforeEach } from 'vitest';
import { reportOpenPages } from './diagnostics.ts';

const REPORT_TIMEOUT_MS = 30_000;

beforeEach(({ task, onTestFailed }) => {
  onTestFailed(() => reportOpenPages(`${task.file.name} > ${task.name}`), REPORT_TIMEOUT_MS);
});
