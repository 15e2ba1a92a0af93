import { describe, expect, it } from 'vitest';
import { arrayLiteral } from './array-literal.ts';

describe('arrayLiteral', () => {
  it('quotes every element and escapes quotes and backslashes', () => {
    expect(arrayLiteral(['a', 'b c', 'say "hi"', 'back\\slash', ''])).toBe(
      '{"a","b c","say \\"hi\\"","back\\\\slash",""}',
    );
  });

  it('writes NULL for null and {} for an empty list', () => {
    expect(arrayLiteral([null, 'NULL'])).toBe('{NULL,"NULL"}');
    expect(arrayLiteral([])).toBe('{}');
  });
});
