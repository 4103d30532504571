import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '@/db/testing/test-db';
import { uuid7 } from './ids';

describe('uuid7', () => {
  it('is a version 7 UUID of the RFC 9562 variant, carrying the milliseconds given', () => {
    for (const now of [0, 1, 2 ** 32 - 1, 2 ** 32, 1_795_000_000_123, 2 ** 48 - 1]) {
      const id = uuid7(now);
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(now);
    }
  });

  it('orders by time across milliseconds, and does not repeat', () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => uuid7(1_795_000_000_000 + Math.floor(i / 100)));
    expect(new Set(ids).size).toBe(ids.length);
    for (let i = 100; i < ids.length; i += 100) expect(ids[i - 1]! < ids[i]!).toBe(true);
  });
});

describe('uuid7 beside the database', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t.close());

  it('reads as the uuid it is, and sorts with pactum_uuid7() by time', async () => {
    const before = uuid7(Date.now() - 1000);
    const [row] = await t.db.execute<{ db: string; same: string }>(
      sql`select pactum_uuid7()::text as db, ${before}::uuid::text as same`,
    );
    expect(row!.same).toBe(before);
    expect(before < row!.db).toBe(true);
    expect(uuid7(Date.now() + 1000) > row!.db).toBe(true);
  });
});
