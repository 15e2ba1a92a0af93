import { describe, expect, test } from 'vitest';
import { loadConfig } from './config.ts';

describe('configuration', () => {
  test('keeps 8 MB of member pages per process unless PAGE_CACHE_MB says otherwise; 0 keeps none', () => {
    expect(loadConfig({}).pageCacheBytes).toBe(8 * 1024 * 1024);
    expect(loadConfig({ PAGE_CACHE_MB: '0.5' }).pageCacheBytes).toBe(512 * 1024);
    expect(loadConfig({ PAGE_CACHE_MB: '0' }).pageCacheBytes).toBe(0);
  });

  test('refuses a page cache size that is not a number of megabytes, naming the variable', () => {
    for (const value of ['-1', 'lots', '5000']) {
      expect(() => loadConfig({ PAGE_CACHE_MB: value })).toThrow(
        /Invalid configuration:\n {2}PAGE_CACHE_MB: /,
      );
    }
  });
});
