import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '@/db/client';
import { collectionFiles, collectionItems, collectionRuns, notificationEvents } from '@/db/schema';
import { writeAudit } from '../audit/audit';
import { type Actor, assertCan } from '../auth/actor';
import { insertMany } from '../bulk-insert';
import { addDays, todayIso } from '../dates';
import { InvalidStateError, NotFoundError } from '../errors';
import { err, label } from '../i18n/keyed';
import { createJob, dispatchJob } from '../jobs/jobs';
import type { JobKind } from '../jobs/kinds';
import { currencyCode, money, toMoneyString } from '../money';
import { renderCollectionMail } from '../notifications/collection-mails';
import { parseInput } from '../validation/parse';
import { buildPain008 } from './pain008';
import type { Scheme, Sequence } from './sepa';
import { requireCollectionSettings } from './settings';
import { collectionRunInput } from './validation';

const CHUNK = Number(process.env.PACTUM_COLLECTION_CHUNK ?? 500);

/**
 * What a run collects: invoiced installments not fully paid, due by the collection date, of policy
 * holders with an active mandate, and not already in a pending collection. The amount is what is
 * still open on each (amount − allocated).
 */
function dueFilter(collectionDate: string, policyHolderIds?: SqlList) {
  return sql`i.state = 'invoiced' and i.allocated < i.amount and i.due_date <= ${collectionDate}::date
    and i.policy_holder_id is not null
    ${policyHolderIds ? sql`and i.policy_holder_id = any(${policyHolderIds})` : sql``}
    and exists (select 1 from sepa_mandates m where m.policy_holder_id = i.policy_holder_id
      and m.status = 'active' and m.is_deleted = false)
    and not exists (select 1 from collection_items ci where ci.installment_id = i.id and ci.state = 'pending')`;
}
type SqlList = ReturnType<typeof sql>;

const uuidList = (ids: string[]) =>
  sql`array[${sql.join(
    ids.map((i) => sql`${i}`),
    sql`, `,
  )}]::uuid[]`;

export type CollectionPreview = {
  collectionDate: string;
  earliestDate: string;
  installments: number;
  policyHolders: number;
  amount: string;
  byFile: { scheme: string; sequence: string; transactions: number; amount: string }[];
};

/** The first collection date allowed today: the pre-notification days ahead (at least tomorrow). */
export function earliestCollectionDate(preNotificationDays: number, now = new Date()): string {
  return addDays(todayIso(now), Math.max(1, preNotificationDays));
}

/** What a run on that date would collect, per file (scheme and sequence), without writing anything. */
export async function previewCollectionRun(
  db: DbOrTx,
  actor: Actor,
  input: unknown,
  now = new Date(),
): Promise<CollectionPreview> {
  assertCan(actor, 'collection.manage');
  const data = parseInput(collectionRunInput, input);
  const settings = await requireCollectionSettings(db);
  const rows = await db.execute<{
    scheme: string;
    sequence: string;
    n: number;
    phs: number;
    amount: string;
  }>(sql`
    select m.scheme, m.sequence, count(*)::int as n, count(distinct i.policy_holder_id)::int as phs,
      coalesce(sum(i.amount - i.allocated), 0)::text as amount
    from installments i join sepa_mandates m on m.policy_holder_id = i.policy_holder_id
      and m.status = 'active' and m.is_deleted = false
    where ${dueFilter(data.collectionDate)}
    group by m.scheme, m.sequence order by m.scheme, m.sequence`);
  const [phs] = await db.execute<{ n: number }>(sql`
    select count(distinct i.policy_holder_id)::int as n from installments i where ${dueFilter(data.collectionDate)}`);
  return {
    collectionDate: data.collectionDate,
    earliestDate: earliestCollectionDate(settings.preNotificationDays, now),
    installments: rows.reduce((s, r) => s + r.n, 0),
    policyHolders: phs?.n ?? 0,
    amount: toMoneyString(rows.reduce((s, r) => s.plus(r.amount), money(0))),
    byFile: rows.map((r) => ({
      scheme: r.scheme,
      sequence: r.sequence,
      transactions: r.n,
      amount: toMoneyString(r.amount),
    })),
  };
}

/**
 * Starts a collection run (a job over the policy holders that have something to collect). The date must
 * leave the pre-notification period (a setting, 14 days by default): each policy holder is mailed the
 * amount and the date when the run marks their installments, so the notice always precedes the debit
 * by at least that many days.
 */
export async function startCollectionRun(
  db: DbOrTx,
  actor: Actor,
  input: unknown,
  now = new Date(),
  options: { dispatch?: boolean } = {},
) {
  assertCan(actor, 'collection.manage');
  const data = parseInput(collectionRunInput, input);
  const settings = await requireCollectionSettings(db);
  const earliest = earliestCollectionDate(settings.preNotificationDays, now);
  if (data.collectionDate < earliest)
    throw new InvalidStateError(err('collection.dateTooEarly', { date: earliest }), {
      collectionDate: [err('collection.onOrAfter', { date: earliest })],
    });
  const run = await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(collectionRuns)
      .values({ collectionDate: data.collectionDate, createdBy: actor.id, updatedBy: actor.id })
      .returning();
    const job = await createJob(
      tx,
      actor,
      'collection-run',
      { collectionDate: data.collectionDate, asOf: now.toISOString(), runId: created!.id },
      sql`select distinct i.policy_holder_id as id from installments i where ${dueFilter(data.collectionDate)} order by 1`,
    );
    const [withJob] = await tx
      .update(collectionRuns)
      .set({ jobId: job.id })
      .where(eq(collectionRuns.id, created!.id))
      .returning();
    await writeAudit(tx, actor, [
      {
        operation: 'start_collection_run',
        entity: 'collection_run',
        entityId: created!.id,
        changes: [{ field: 'collectionDate', oldValue: null, newValue: data.collectionDate }],
      },
    ]);
    return withJob!;
  });
  if (options.dispatch !== false) await dispatchJob(run.jobId!);
  return run;
}

/** A collection run worked to its end in this process (tests, scripts). */
export async function runCollection(db: Db, actor: Actor, input: unknown, now = new Date()) {
  const run = await startCollectionRun(db, actor, input, now, { dispatch: false });
  const { runJobToEnd } = await import('../jobs/runner');
  await runJobToEnd(db, run.jobId!);
  const [finished] = await db.select().from(collectionRuns).where(eq(collectionRuns.id, run.id));
  return finished!;
}

type RunParams = { collectionDate: string; asOf: string; runId: string };
const runParams = (p: Record<string, unknown>) => p as unknown as RunParams;

/**
 * Marks a chunk of policy holders' due installments "in collection" (one item each, with its end-to-end
 * id), moves their mandates on (FRST → RCUR; a FNAL or OOFF mandate is used up), and records each
 * policy holder's pre-notification mail. Set-based: a fixed number of statements per chunk.
 */
async function collectChunk(tx: Tx, actor: Actor, p: RunParams, ids: string[]) {
  const settings = await requireCollectionSettings(tx);
  const list = uuidList(ids);
  // Lock the chunk's active mandates: a revocation waits for the run's chunk, or the run skips it.
  await tx.execute(sql`select id from sepa_mandates where policy_holder_id = any(${list})
    and status = 'active' and is_deleted = false order by id for update`);
  const inserted = await tx.execute<{ policy_holder_id: string; amount: string; mandate_id: string }>(sql`
    insert into collection_items (id, run_id, installment_id, mandate_id, policy_holder_id, end_to_end_id,
      amount, scheme, sequence, collection_date)
    select x.id, ${p.runId}::uuid, x.installment_id, x.mandate_id, x.policy_holder_id,
      'PCT' || upper(replace(x.id::text, '-', '')), x.amount, x.scheme, x.sequence, ${p.collectionDate}::date
    from (
      select gen_random_uuid() as id, i.id as installment_id, m.id as mandate_id, i.policy_holder_id,
        i.amount - i.allocated as amount, m.scheme, m.sequence
      from installments i join sepa_mandates m on m.policy_holder_id = i.policy_holder_id
        and m.status = 'active' and m.is_deleted = false
      where ${dueFilter(p.collectionDate, list)}
      order by i.policy_holder_id, i.due_date, i.seq
      for update of i
    ) x
    returning policy_holder_id, amount::text, mandate_id`);
  if (!inserted.length) return { items: 0, amount: '0' };
  const mandateIds = [...new Set(inserted.map((r) => r.mandate_id))];
  await tx.execute(sql`update sepa_mandates set
      sequence = case sequence when 'FRST' then 'RCUR' else sequence end,
      status = case when sequence in ('FNAL', 'OOFF') then 'revoked' else status end,
      revoked_at = case when sequence in ('FNAL', 'OOFF') then now() else revoked_at end,
      revoked_reason = case when sequence in ('FNAL', 'OOFF') then 'final collection sent' else revoked_reason end,
      last_collected_on = ${p.collectionDate}::date, version = version + 1, updated_at = now()
    where id = any(${uuidList(mandateIds)})`);
  // One pre-notification per policy holder: the total and the date, in their language.
  const perPh = await tx.execute<{
    id: string;
    name: string;
    contact: string | null;
    email: string | null;
    language: string;
    reference: string;
    iban: string;
    amount: string;
  }>(sql`
    select ph.id, ph.trade_name as name, ph.contact_name as contact, ph.email, ph.language,
      m.reference, m.iban, sum(ci.amount)::text as amount
    from collection_items ci join policy_holders ph on ph.id = ci.policy_holder_id
      join sepa_mandates m on m.id = ci.mandate_id
    where ci.run_id = ${p.runId}::uuid and ci.policy_holder_id = any(${list})
    group by ph.id, ph.trade_name, ph.contact_name, ph.email, ph.language, m.reference, m.iban`);
  const mails = perPh.map((r) => {
    const language = r.language === 'fr' ? 'fr' : 'en';
    const mail = renderCollectionMail('collection.pre_notification', language, {
      recipientName: r.contact?.trim() || r.name,
      policyHolderName: r.name,
      amount: toMoneyString(r.amount),
      collectionDate: p.collectionDate,
      mandateReference: r.reference,
      creditorId: settings.creditorId,
      ibanEnd: r.iban.slice(-4),
    });
    const email = r.email?.trim() || null;
    return {
      event: 'collection.pre_notification',
      payload: { policyHolderId: r.id, amount: toMoneyString(r.amount), collectionDate: p.collectionDate },
      recipient: email,
      language,
      subject: mail.subject,
      body: mail.body,
      status: email ? 'pending' : 'undeliverable',
      lastError: email ? null : err('common.policyHolderNoMail'),
    };
  });
  await insertMany(tx, notificationEvents, mails);
  await writeAudit(
    tx,
    actor,
    perPh.map((r) => ({
      operation: 'collection_pre_notified',
      entity: 'policy_holder',
      entityId: r.id,
      changes: [{ field: 'collection', oldValue: null, newValue: `${r.amount} on ${p.collectionDate}` }],
    })),
  );
  const amount = inserted.reduce((s, r) => s.plus(r.amount), money(0));
  return { items: inserted.length, amount: toMoneyString(amount) };
}

/** Writes the run's files: one pain.008 message per scheme and sequence type, its items linked to it. */
async function writeFiles(db: Db, runId: string, now: Date) {
  await db.transaction(async (tx) => {
    const settings = await requireCollectionSettings(tx);
    const [run] = await tx.select().from(collectionRuns).where(eq(collectionRuns.id, runId)).for('update');
    if (!run) return;
    const items = await tx.execute<{
      id: string;
      end_to_end_id: string;
      amount: string;
      scheme: Scheme;
      sequence: Sequence;
      reference: string;
      signed_on: string;
      debtor_name: string;
      iban: string;
      bic: string | null;
      invoice_number: string | null;
      period_from: string;
      chain_code: string;
    }>(sql`
      select ci.id, ci.end_to_end_id, ci.amount::text, ci.scheme, ci.sequence, m.reference,
        m.signed_on::text, m.debtor_name, m.iban, m.bic, inv.number as invoice_number,
        i.period_from::text, i.chain_code
      from collection_items ci join sepa_mandates m on m.id = ci.mandate_id
        join installments i on i.id = ci.installment_id left join invoices inv on inv.id = i.invoice_id
      where ci.run_id = ${runId}::uuid and ci.file_id is null
      order by ci.scheme, ci.sequence, ci.policy_holder_id, i.due_date, ci.id`);
    type Item = (typeof items)[number];
    const groups = new Map<string, Item[]>();
    for (const it of items) {
      const key = `${it.scheme}/${it.sequence}`;
      groups.set(key, [...(groups.get(key) ?? []), it]);
    }
    for (const group of groups.values()) {
      const first = group[0]!;
      const messageId = `PCT-${now.toISOString().slice(0, 10).replace(/-/g, '')}-${randomUUID().slice(0, 8).toUpperCase()}-${first.scheme}-${first.sequence}`;
      const xml = buildPain008({
        messageId,
        createdAt: now,
        creditor: {
          name: settings.creditorName,
          iban: settings.iban,
          bic: settings.bic,
          creditorId: settings.creditorId,
        },
        scheme: first.scheme,
        sequence: first.sequence,
        collectionDate: run.collectionDate,
        currency: currencyCode(),
        transactions: group.map((t) => ({
          endToEndId: t.end_to_end_id,
          amount: t.amount,
          mandateReference: t.reference,
          signedOn: t.signed_on,
          debtorName: t.debtor_name,
          debtorIban: t.iban,
          debtorBic: t.bic,
          remittance: `${t.invoice_number ?? t.chain_code} ${t.period_from}`,
        })),
      });
      const sum = group.reduce((s, t) => s.plus(t.amount), money(0));
      const [file] = await tx
        .insert(collectionFiles)
        .values({
          runId,
          scheme: first.scheme,
          sequence: first.sequence,
          messageId,
          transactions: group.length,
          controlSum: toMoneyString(sum),
          xml,
        })
        .returning({ id: collectionFiles.id });
      await tx.execute(sql`update collection_items set file_id = ${file!.id}::uuid
        where id = any(${uuidList(group.map((g) => g.id))})`);
    }
  });
}

/** The collection run as a kind of job (lib/jobs/kinds.ts): items are policy holders. */
export function collectionRunKind(): JobKind {
  return {
    chunk: CHUNK,
    systemPermissions: ['collection.manage'],
    async runChunk(tx, actor, params, ids) {
      const r = await collectChunk(tx, actor, runParams(params), ids);
      return { done: ids, failed: [], held: [], stats: r };
    },
    async runOne(tx, actor, params, id) {
      return collectChunk(tx, actor, runParams(params), [id]);
    },
    emptyStats: () => ({ items: 0, amount: '0' }),
    addStats: (a, b) => ({
      items: Number(a.items) + Number(b.items),
      amount: money(a.amount!).plus(b.amount!).toFixed(2),
    }),
    async recordStats(tx, job, stats) {
      await tx
        .update(collectionRuns)
        .set({
          state: 'running',
          items: sql`${collectionRuns.items} + ${Number(stats.items)}`,
          amount: sql`${collectionRuns.amount} + ${String(stats.amount)}::numeric`,
          updatedAt: new Date(),
        })
        .where(eq(collectionRuns.id, runParams(job.params).runId));
    },
    async onFinish(db, job) {
      const p = runParams(job.params);
      if (job.state === 'done') await writeFiles(db, p.runId, new Date());
      await db
        .update(collectionRuns)
        .set({ state: job.state, finishedAt: new Date(), updatedAt: new Date() })
        .where(eq(collectionRuns.id, p.runId));
    },
  };
}

export type CollectionRunDto = {
  id: string;
  collectionDate: string;
  state: string;
  items: number;
  amount: string;
  createdAt: Date;
  jobId: string | null;
  files: {
    id: string;
    scheme: string;
    sequence: string;
    transactions: number;
    controlSum: string;
    messageId: string;
  }[];
};

export async function listCollectionRuns(
  db: DbOrTx,
  actor: Actor,
  options: { limit?: number } = {},
): Promise<CollectionRunDto[]> {
  assertCan(actor, 'collection.manage');
  const runs = await db
    .select()
    .from(collectionRuns)
    .orderBy(desc(collectionRuns.createdAt))
    .limit(Math.min(options.limit ?? 50, 200));
  if (!runs.length) return [];
  const files = await db
    .select({
      id: collectionFiles.id,
      runId: collectionFiles.runId,
      scheme: collectionFiles.scheme,
      sequence: collectionFiles.sequence,
      transactions: collectionFiles.transactions,
      controlSum: collectionFiles.controlSum,
      messageId: collectionFiles.messageId,
    })
    .from(collectionFiles)
    .where(sql`${collectionFiles.runId} = any(${uuidList(runs.map((r) => r.id))})`)
    .orderBy(asc(collectionFiles.scheme), asc(collectionFiles.sequence));
  return runs.map((r) => ({
    id: r.id,
    collectionDate: r.collectionDate,
    state: r.state,
    items: r.items,
    amount: r.amount,
    createdAt: r.createdAt,
    jobId: r.jobId,
    files: files.filter((f) => f.runId === r.id).map(({ runId: _, ...f }) => f),
  }));
}

/** A collection file's XML, to download (staff and the API). */
export async function getCollectionFile(db: DbOrTx, actor: Actor, fileId: string) {
  assertCan(actor, 'collection.manage');
  const [file] = await db.select().from(collectionFiles).where(eq(collectionFiles.id, fileId));
  if (!file) throw new NotFoundError(err('notFound', { label: label('collectionFile') }));
  return { fileName: `${file.messageId}.xml`, xml: file.xml, messageId: file.messageId };
}

/** The items of a run (what was collected from whom), for the run's detail and the tests. */
export async function listCollectionItems(db: DbOrTx, actor: Actor, runId: string) {
  assertCan(actor, 'collection.manage');
  return db
    .select()
    .from(collectionItems)
    .where(and(eq(collectionItems.runId, runId)))
    .orderBy(asc(collectionItems.endToEndId));
}
