import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '@/db/client';
import { auditLog, families, insurees, notificationEvents, policyHolders } from '@/db/schema';
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

  it('reads constants and arrays right through prepared statements too (typed by the server: booleans, JSON)', async () => {
    // The app's pool prepares statements, and postgres.js then serialises each parameter by the type
    // the server inferred for it (its boolean serialiser reads the string 'true' as false).
    const prepared = openDb(t.url, { max: 1, noPrepare: false });
    try {
      for (const [db, tag] of [
        [t.db, 'U'],
        [prepared.db, 'P'],
      ] as const) {
        const fams = await db.insert(families).values([{}, {}, {}]).returning({ id: families.id });
        const person = (i: number, head: boolean) => ({
          insuranceNumber: `BI-${tag}-${i}`,
          firstName: 'A',
          lastName: 'B',
          gender: 'O' as const,
          dateOfBirth: '1990-01-01',
          familyId: fams[i]!.id,
          isFamilyHead: head,
        });
        await insertMany(db, insurees, [person(0, true), person(1, true)]);
        await insertMany(db, insurees, [
          person(2, false),
          { ...person(2, true), insuranceNumber: `BI-${tag}-3` },
        ]);
        await insertMany(db, notificationEvents, [
          { event: `bi-${tag}`, payload: { a: 1 }, subject: 's', body: 'b' },
          { event: `bi-${tag}`, payload: { a: 1 }, subject: 's', body: 'b' },
        ]);
      }
      const heads = await t.db
        .select({ n: insurees.insuranceNumber, head: insurees.isFamilyHead })
        .from(insurees)
        .where(sql`${insurees.insuranceNumber} like 'BI-%'`)
        .orderBy(insurees.insuranceNumber);
      expect(heads.map((h) => `${h.n}:${h.head}`)).toEqual(
        ['P', 'U'].flatMap((x) => [`BI-${x}-0:true`, `BI-${x}-1:true`, `BI-${x}-2:false`, `BI-${x}-3:true`]),
      );
      const payloads = await t.db
        .select({ p: notificationEvents.payload })
        .from(notificationEvents)
        .where(sql`${notificationEvents.event} like 'bi-%'`);
      expect(payloads.map((r) => r.p)).toEqual([{ a: 1 }, { a: 1 }, { a: 1 }, { a: 1 }]);
    } finally {
      await prepared.close();
    }
  });
});
