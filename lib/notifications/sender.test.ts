import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { notificationEvents } from '@/db/schema';
import { createTestDb, type TestDb } from '@/db/testing/test-db';
import { deliverPending, LEASE_MS, type Mail, resendTransport, type Transport } from './sender';

/*
 * Two senders, a mail server slower than the lease, and a clock the test controls: every mail reaches
 * the provider once. The fake provider, like Resend, accepts a retry with a known idempotency key
 * without delivering it again.
 */
let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.close());

const T0 = new Date('2030-06-01T08:00:00Z');

async function queue(n: number, tag: string): Promise<string[]> {
  const rows = await t.db
    .insert(notificationEvents)
    .values(
      Array.from({ length: n }, (_, i) => ({
        event: 'contract.approved',
        recipient: `hr${i}@${tag}.test`,
        subject: `${tag} ${i}`,
        body: 'Hello',
        nextAttemptAt: new Date(T0.getTime() - 60_000 + i),
      })),
    )
    .returning({ id: notificationEvents.id });
  return rows.map((r) => r.id);
}

/** A provider that delivers each idempotency key once, as Resend does; it records every call too. */
function fakeProvider() {
  const calls: Mail[] = [];
  const delivered = new Map<string, number>();
  const accept = (mail: Mail) => {
    calls.push(mail);
    if (!delivered.has(mail.id)) delivered.set(mail.id, delivered.size);
  };
  return { calls, delivered, accept };
}

function deferred() {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('the outbox sender', () => {
  it('leases mails one at a time: a sender outliving its lease sends nothing twice', async () => {
    const ids = await queue(4, 'lease');
    const provider = fakeProvider();
    let now = T0;
    const clock = () => now;

    // Sender A hangs on its first mail (a slow mail server) until the test lets it go.
    const inFirstSend = deferred();
    const releaseFirst = deferred();
    let aCalls = 0;
    const slow: Transport = {
      name: 'slow',
      async send(mail) {
        aCalls++;
        if (aCalls === 1) {
          inFirstSend.resolve();
          await releaseFirst.promise;
        }
        provider.accept(mail);
      },
    };
    const fast: Transport = { name: 'fast', send: async (mail) => provider.accept(mail) };

    const a = deliverPending(t.db, slow, { clock, limit: 10 });
    await inFirstSend.promise;
    // A's lease on the mail it is sending runs out; sender B starts.
    now = new Date(T0.getTime() + LEASE_MS + 1000);
    const b = await deliverPending(t.db, fast, { clock, limit: 10 });
    releaseFirst.resolve();
    const ra = await a;

    // A held one mail only; B took over that one (its lease had run out) and sent the other three.
    expect(b).toMatchObject({ sent: 4, retrying: 0, failed: 0, lost: 0 });
    expect(ra).toMatchObject({ sent: 0, lost: 1 });
    for (const id of ids.slice(1)) expect(provider.calls.filter((m) => m.id === id)).toHaveLength(1);
    // The mail A was stuck on went out twice, both times under its own id as idempotency key: delivered once.
    expect(provider.calls.filter((m) => m.id === ids[0])).toHaveLength(2);
    expect([...provider.delivered.keys()].sort()).toEqual([...ids].sort());
    const rows = await t.db.select().from(notificationEvents).where(inArray(notificationEvents.id, ids));
    expect(rows.every((r) => r.status === 'sent' && r.claimToken === null && r.attempts <= 2)).toBe(true);
  });

  it('a sender whose lease ran out cannot overwrite the outcome recorded by the new holder', async () => {
    const [id] = await queue(1, 'late');
    let now = new Date(T0.getTime() + 10 * LEASE_MS);
    const clock = () => now;
    const inSend = deferred();
    const fail = deferred();
    const failing: Transport = {
      name: 'late-failure',
      async send() {
        inSend.resolve();
        await fail.promise;
      },
    };
    const a = deliverPending(t.db, failing, { clock, limit: 1 });
    await inSend.promise;
    now = new Date(now.getTime() + LEASE_MS + 1);
    const sent: Mail[] = [];
    expect(
      await deliverPending(t.db, { name: 'ok', send: async (m) => void sent.push(m) }, { clock, limit: 5 }),
    ).toMatchObject({ sent: 1 });
    fail.reject(new Error('SMTP 451 after a long wait'));
    expect(await a).toMatchObject({ retrying: 0, lost: 1 });
    const [row] = await t.db.select().from(notificationEvents).where(eq(notificationEvents.id, id!));
    expect(row).toMatchObject({ status: 'sent', lastError: null });
    expect(sent.map((m) => m.id)).toEqual([id]);
  });

  it("passes the notification id to Resend as the idempotency key (checked on the SDK's request)", async () => {
    const requests: Request[] = [];
    const fetchSpy = vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      requests.push(new Request(input as string, init));
      return new Response(JSON.stringify({ id: 'email_1' }), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    });
    try {
      await resendTransport('re_test_key', 'Pactum <n@pactum.example>').send({
        id: '5f0c6f2e-2f6b-4b0e-9d7c-2d1f4f0a9b11',
        to: 'hr@acme.test',
        subject: 'Hi',
        text: 'Hello',
      });
    } finally {
      fetchSpy.mockRestore();
    }
    expect(requests).toHaveLength(1);
    expect(requests[0]!.headers.get('idempotency-key')).toBe('5f0c6f2e-2f6b-4b0e-9d7c-2d1f4f0a9b11');
  });
});
