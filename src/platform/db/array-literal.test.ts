import { describe, expect, it } from 'vitest';
import { arrayLiteral } from './array-literal.ts';

describe('arrayLiteral', () => {
  it('quotes every element and escapes quotes and backslashes', () => {
    expect(arrayLiteral(['a', 'b c', 'say "hi"', 'back\\slash', ''])).toBe(
      '{"a","b c","say \\"hi\\"","back\\\\slash",""}',
    );
  });

  it('writes a list with nothing to escape the same way, and escapes a list in which one element needs it', () => {
    expect(arrayLiteral(['a', 'b c', '', 'Zoë', 'x,y'])).toBe('{"a","b c","","Zoë","x,y"}');
    expect(arrayLiteral(['a', 'b', 'c"d', 'e'])).toBe('{"a","b","c\\"d","e"}');
    expect(arrayLiteral(['a', null, 'c'])).toBe('{"a",NULL,"c"}');
  });

  it('writes NULL for null and {} for an empty list', () => {
    expect(arrayLiteral([null, 'NULL'])).toBe('{NULL,"NULL"}');
    expect(arrayLiteral([])).toBe('{}');
  });
});
