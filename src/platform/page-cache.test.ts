import { describe, expect, test } from 'vitest';
import { createPageCache, isNewerVersion } from './page-cache.ts';

const body = (text: string) => Buffer.from(text);

describe('page cache', () => {
  test('serves a kept page only at the version it was read at', () => {
    const pages = createPageCache({ maxBytes: 1024 });
    const page = body('{"data":[]}');
    pages.set('org-a', 'members g1', '7', page);
    expect(pages.has('org-a', 'members g1')).toBe(true);
    expect(pages.get('org-a', 'members g1', '7')).toBe(page);
    expect(pages.get('org-a', 'members g1', '6')).toBeUndefined();
    expect(pages.get('org-a', 'members g1', '7')).toBe(page);
  });

  test('forgets a page once a newer version is asked for, and never replaces a newer page by an older one', () => {
    const pages = createPageCache({ maxBytes: 1024 });
    pages.set('org-a', 'k', '9', body('nine'));
    pages.set('org-a', 'k', '8', body('eight'));
    expect(pages.get('org-a', 'k', '9')?.toString()).toBe('nine');
    expect(pages.get('org-a', 'k', '10')).toBeUndefined();
    expect(pages.has('org-a', 'k')).toBe(false);
    pages.set('org-a', 'k', '10', body('ten'));
    expect(pages.get('org-a', 'k', '10')?.toString()).toBe('ten');
  });

  test("keeps each organization's pages apart under the same key", () => {
    const pages = createPageCache({ maxBytes: 1024 });
    pages.set('org-a', 'members g1', '3', body('a'));
    expect(pages.has('org-b', 'members g1')).toBe(false);
    expect(pages.get('org-b', 'members g1', '3')).toBeUndefined();
  });

  test('drops the least recently used pages once the kept bytes pass the limit', () => {
    const pages = createPageCache({ maxBytes: 30 });
    pages.set('o', 'first', '1', body('x'.repeat(10)));
    pages.set('o', 'second', '1', body('x'.repeat(10)));
    pages.set('o', 'third', '1', body('x'.repeat(10)));
    expect(pages.get('o', 'first', '1')).toBeDefined(); // now the most recently used
    pages.set('o', 'fourth', '1', body('x'.repeat(10)));
    expect(pages.has('o', 'second')).toBe(false);
    expect(['first', 'third', 'fourth'].map((k) => pages.has('o', k))).toEqual([true, true, true]);
    pages.set('o', 'too big', '1', body('x'.repeat(31)));
    expect(pages.has('o', 'too big')).toBe(false);
  });

  test('keeps nothing with a limit of 0', () => {
    const pages = createPageCache({ maxBytes: 0 });
    pages.set('o', 'k', '1', body('x'));
    expect(pages.has('o', 'k')).toBe(false);
  });

  test('compares versions as numbers, beyond what a double holds exactly', () => {
    expect(isNewerVersion('10', '9')).toBe(true);
    expect(isNewerVersion('9', '10')).toBe(false);
    expect(isNewerVersion('9007199254740993', '9007199254740992')).toBe(true);
    expect(isNewerVersion('5', '5')).toBe(false);
  });
});
