import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, notificationEvents, policyHolders } from '@/db/schema';
import { createTestDb, type TestDb } from '@/db/testing/test-db';
import { insertMany } from './bulk-insert';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.close());

const strip = ({ id: _id, createdAt: _c, nextAttemptAt: _n, ...rest }: Record<string, unknown>) => rest;

describe('insertMany', () => {
  it('writes the same rows as drizzle’s insert: JSON, text with quotes and lines, defaults, dates, numbers', async () => {
    const rows = (tag: string): (typeof notificationEvents.$inferInsert)[] => [
      {
        event: tag,
        payload: { invoiceNumber: 'INV-1', nested: { total: '12.30', list: [1, 'two'] } },
        recipient: 'a@example.test',
        language: 'fr',
        subject: 'L’avis « n°1 » "quoted" \\ back',
        body: 'Line 1\nLine 2\t€ 😀',
        attachmentRefs: [{ kind: 'invoice', id: '00000000-0000-4000-8000-000000000001' }],
        nextAttemptAt: new Date('2026-01-01T00:00:00Z'),
      },
      // Leaves out what has a JavaScript default (status, language, attempts) and sets last_error.
      {
        event: tag,
        payload: {},
        recipient: null,
        subject: 's',
        body: 'b',
        status: 'undeliverable',
        lastError: 'x',
        nextAttemptAt: new Date('2026-01-01T00:00:00Z'),
      },
      {
        event: tag,
        payload: {},
        subject: 's',
        body: 'b',
        nextAttemptAt: new Date('2031-01-02T03:04:05.678Z'),
      },
    ];
    await t.db.insert(notificationEvents).values(rows('drizzle'));
    await insertMany(t.db, notificationEvents, rows('bulk'));
    const read = async (tag: string) =>
      (await t.db.select().from(notificationEvents).where(eq(notificationEvents.event, tag))).map((r) =>
        strip({ ...r, event: '' }),
      );
    const bulk = await read('bulk');
    expect(bulk).toHaveLength(3);
    expect(bulk).toEqual(await read('drizzle'));
    const [timed] = await t.db
      .select({ at: notificationEvents.nextAttemptAt })
      .from(notificationEvents)
      .where(
        sql`${notificationEvents.event} = 'bulk' and ${notificationEvents.nextAttemptAt} > '2030-01-01'`,
      );
    expect(timed!.at.toISOString()).toBe('2031-01-02T03:04:05.678Z');
  });

  it('keeps SQL defaults when no row sets the column, and refuses a column that only some rows set', async () => {
    await insertMany(t.db, auditLog, [
      {
        operationId: crypto.randomUUID(),
        operation: 'bulk',
        entity: 'x',
        entityId: crypto.randomUUID(),
        source: 'system',
      },
      {
        operationId: crypto.randomUUID(),
        operation: 'bulk',
        entity: 'x',
        entityId: crypto.randomUUID(),
        source: 'system',
      },
    ]);
    const logged = await t.db.select().from(auditLog).where(eq(auditLog.operation, 'bulk'));
    expect(logged.map((r) => typeof r.id)).toEqual(['number', 'number']);
    expect(logged.every((r) => r.at instanceof Date)).toBe(true);
    await expect(
      insertMany(t.db, policyHolders, [
        { code: 'BI-1', tradeName: 'A', dateValidFrom: '2026-01-01', id: crypto.randomUUID() },
        { code: 'BI-2', tradeName: 'B', dateValidFrom: '2026-01-01' },
      ]),
    ).rejects.toThrow(/id is set in some rows only/);
    const [n] = await t.db.execute<{ n: number }>(
      sql`select count(*)::int as n from policy_holders where code like 'BI-%'`,
    );
    expect(n!.n).toBe(0);
  });
});
