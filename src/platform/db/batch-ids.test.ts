import { describe, expect, test } from 'vitest';
import { BATCH_ID_CAPACITY, batchIdPrefix } from './batch-ids.ts';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const idOf = (prefix: string, n: number) => `${prefix}${n.toString(16).padStart(6, '0')}`;

describe('batch ids', () => {
  test('are UUIDv7 whose first 48 bits are the time of the batch in milliseconds', () => {
    const now = new Date('2026-11-27T05:00:00.123Z');
    const id = idOf(batchIdPrefix(now), 1);
    expect(id).toMatch(UUID_V7);
    expect(Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(now.getTime());
  });

  test('ascend with the row number within a batch, up to its capacity', () => {
    const prefix = batchIdPrefix(new Date());
    const ids = [1, 2, 15, 16, 255, 256, 65_536, BATCH_ID_CAPACITY].map((n) => idOf(prefix, n));
    for (const id of ids) expect(id).toMatch(UUID_V7);
    expect([...ids].sort()).toEqual(ids);
  });

  test('two batches of the same millisecond get different prefixes, and later batches sort after', () => {
    const now = new Date('2026-11-27T05:00:00.000Z');
    const prefixes = new Set(Array.from({ length: 1000 }, () => batchIdPrefix(now)));
    expect(prefixes.size).toBe(1000);
    const later = batchIdPrefix(new Date(now.getTime() + 1));
    for (const prefix of prefixes) expect(idOf(later, 1) > idOf(prefix, BATCH_ID_CAPACITY)).toBe(true);
  });
});
