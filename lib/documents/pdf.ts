import PDFDocument from 'pdfkit';
import { formatAmount, formatDate, type Locale } from '../format';
import { translate } from '../i18n/messages';

/**
 * The insurer's documents as PDF (issue 16), drawn with pdfkit's built-in Helvetica (no font file to
 * ship, text extractable by any reader). One layout for the three documents: the insurer's letterhead,
 * the policy holder's address, a block of facts, a table, a total. Everything is in the policy holder's
 * language.
 */

export type Party = { name: string; address: string | null };

export type InvoiceDoc = {
  kind: 'invoice';
  insurer: Party;
  policyHolder: Party;
  number: string;
  dateIssued: string;
  dueDate: string | null;
  periodFrom: string;
  periodTo: string;
  contractCode: string;
  paymentReference: string | null;
  currency: string;
  lines: { description: string; periodFrom: string; periodTo: string; amount: string }[];
  total: string;
};

export type CreditNoteDoc = {
  kind: 'credit_note';
  insurer: Party;
  policyHolder: Party;
  number: string;
  invoiceNumber: string;
  dateIssued: string;
  contractCode: string;
  paymentReference: string | null;
  currency: string;
  reason: string;
  total: string;
};

export type CertificateDoc = {
  kind: 'certificate';
  insurer: Party;
  policyHolder: Party;
  contractCode: string;
  dateIssued: string;
  dateValidFrom: string;
  dateValidTo: string;
  persons: { insuranceNumber: string; name: string; from: string; to: string | null }[];
};

/** A dunning letter (issue 14): the text mailed to the policy holder, on the insurer's letterhead. */
export type LetterDoc = {
  kind: 'letter';
  insurer: Party;
  policyHolder: Party;
  contractCode: string;
  dateIssued: string;
  registered: boolean;
  subject: string;
  body: string;
};

export type DocumentData = InvoiceDoc | CreditNoteDoc | CertificateDoc | LetterDoc;

/** The insurer as the installation names it (PACTUM_INSURER_NAME, PACTUM_INSURER_ADDRESS with "\n" or "|"). */
export function insurerFromEnv(env: Record<string, string | undefined> = process.env): Party {
  return {
    name: env.PACTUM_INSURER_NAME?.trim() || 'Pactum Insurance',
    address: env.PACTUM_INSURER_ADDRESS?.trim().replace(/\s*(\\n|\|)\s*/g, '\n') || null,
  };
}

// Helvetica's encoding (WinAnsi) has no narrow no-break space (the French thousands separator).
const pdfText = (s: string) => s.replace(/\u202f/g, '\u00a0');

const MARGIN = 50;
const WIDTH = 595.28 - 2 * MARGIN;

export function renderDocument(data: DocumentData, locale: Locale): Promise<Buffer> {
  const t = (key: Parameters<typeof translate>[1], params?: Record<string, string>) =>
    // biome-ignore lint/suspicious/noExplicitAny: the keys used below all take these string parameters
    pdfText(translate(locale, key, ...([params] as any)));
  const d = (iso: string | null) => formatDate(iso, locale);
  const title =
    data.kind === 'invoice'
      ? t('doc.invoice')
      : data.kind === 'credit_note'
        ? t('doc.creditNote')
        : data.kind === 'letter'
          ? t(data.registered ? 'doc.registeredLetter' : 'doc.letter')
          : t('doc.certificate');

  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    info: {
      Title: `${title} ${'number' in data ? data.number : data.contractCode}`,
      Author: data.insurer.name,
    },
    lang: locale,
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  // Letterhead: the insurer on the left, the document's title on the right.
  doc
    .font('Helvetica-Bold')
    .fontSize(14)
    .text(pdfText(data.insurer.name), MARGIN, MARGIN, { width: WIDTH / 2 });
  if (data.insurer.address)
    doc
      .font('Helvetica')
      .fontSize(9)
      .text(pdfText(data.insurer.address), { width: WIDTH / 2 });
  doc
    .font('Helvetica-Bold')
    .fontSize(20)
    .text(title, MARGIN + WIDTH / 2, MARGIN, { width: WIDTH / 2, align: 'right' });
  if ('number' in data) doc.fontSize(12).text(pdfText(data.number), { width: WIDTH / 2, align: 'right' });

  // The policy holder's address, where a window envelope shows it.
  doc
    .font('Helvetica')
    .fontSize(9)
    .fillColor('#555')
    .text(t('doc.policyHolder'), MARGIN + WIDTH / 2, 140);
  doc
    .fillColor('#000')
    .font('Helvetica-Bold')
    .fontSize(11)
    .text(pdfText(data.policyHolder.name), { width: WIDTH / 2 });
  if (data.policyHolder.address)
    doc
      .font('Helvetica')
      .fontSize(10)
      .text(pdfText(data.policyHolder.address), { width: WIDTH / 2 });

  // Facts.
  const facts: [string, string][] = [];
  if (data.kind === 'invoice') {
    facts.push(
      [t('doc.number'), data.number],
      [t('doc.issued'), d(data.dateIssued)],
      [t('doc.due'), d(data.dueDate)],
      [t('doc.period'), `${d(data.periodFrom)} – ${d(data.periodTo)}`],
      [t('doc.contract'), data.contractCode],
      [t('doc.reference'), data.paymentReference ?? '—'],
      [t('doc.currency'), data.currency],
    );
  } else if (data.kind === 'credit_note') {
    facts.push(
      [t('doc.number'), data.number],
      [t('doc.issued'), d(data.dateIssued)],
      [t('doc.credits', { number: data.invoiceNumber }), ''],
      [t('doc.contract'), data.contractCode],
      [t('doc.reference'), data.paymentReference ?? '—'],
      [t('doc.currency'), data.currency],
    );
  } else if (data.kind === 'letter') {
    facts.push([t('doc.contract'), data.contractCode], [t('doc.issued'), d(data.dateIssued)]);
  } else {
    facts.push(
      [t('doc.contract'), data.contractCode],
      [t('doc.period'), `${d(data.dateValidFrom)} – ${d(data.dateValidTo)}`],
      [t('doc.issued'), d(data.dateIssued)],
    );
  }
  let y = 240;
  for (const [label, value] of facts) {
    doc.font('Helvetica').fontSize(10).fillColor('#555').text(label, MARGIN, y, { width: 160 });
    doc.fillColor('#000').text(pdfText(value), MARGIN + 170, y, { width: WIDTH - 170 });
    y += 16;
  }
  y += 20;

  const table = (cols: { label: string; width: number; align?: 'right' }[], rows: string[][]) => {
    const row = (cells: string[], bold: boolean) => {
      let x = MARGIN;
      let h = 0;
      doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
      for (const [i, c] of cols.entries()) {
        const text = pdfText(cells[i] ?? '');
        h = Math.max(h, doc.heightOfString(text, { width: c.width - 6 }));
        doc.text(text, x, y, { width: c.width - 6, align: c.align ?? 'left' });
        x += c.width;
      }
      y += h + 6;
      if (y > 770) {
        doc.addPage();
        y = MARGIN;
      }
    };
    row(
      cols.map((c) => c.label),
      true,
    );
    doc
      .moveTo(MARGIN, y - 3)
      .lineTo(MARGIN + WIDTH, y - 3)
      .strokeColor('#999')
      .stroke();
    for (const r of rows) row(r, false);
  };

  if (data.kind === 'invoice') {
    table(
      [
        { label: t('doc.description'), width: WIDTH - 260 },
        { label: t('doc.period'), width: 150 },
        { label: t('doc.amount'), width: 110, align: 'right' },
      ],
      data.lines.map((l) => [
        l.description,
        `${d(l.periodFrom)} – ${d(l.periodTo)}`,
        formatAmount(l.amount, locale, data.currency),
      ]),
    );
  } else if (data.kind === 'credit_note') {
    table(
      [
        { label: t('doc.reason'), width: WIDTH - 110 },
        { label: t('doc.amount'), width: 110, align: 'right' },
      ],
      [[data.reason, formatAmount(data.total, locale, data.currency)]],
    );
  } else if (data.kind === 'certificate' && data.persons.length) {
    table(
      [
        { label: t('doc.insuranceNumber'), width: 130 },
        { label: t('doc.person'), width: WIDTH - 330 },
        { label: t('doc.from'), width: 100 },
        { label: t('doc.to'), width: 100 },
      ],
      data.persons.map((p) => [p.insuranceNumber, p.name, d(p.from), d(p.to ?? data.dateValidTo)]),
    );
  }

  y += 10;
  if (data.kind === 'letter') {
    doc.font('Helvetica-Bold').fontSize(12).text(pdfText(data.subject), MARGIN, y, { width: WIDTH });
    doc.moveDown().font('Helvetica').fontSize(10).text(pdfText(data.body), { width: WIDTH });
  } else if (data.kind !== 'certificate') {
    const total = formatAmount(data.total, locale, data.currency);
    doc
      .font('Helvetica-Bold')
      .fontSize(12)
      .text(`${t('doc.total')}: ${pdfText(total)}`, MARGIN, y, { width: WIDTH, align: 'right' });
    y += 30;
    const text =
      data.kind === 'invoice'
        ? t('doc.payBy', { total, due: d(data.dueDate), reference: data.paymentReference ?? '—' })
        : t('doc.creditText', { number: data.invoiceNumber, total });
    doc.font('Helvetica').fontSize(10).text(text, MARGIN, y, { width: WIDTH });
  } else {
    const text = t('doc.certText', {
      insurer: data.insurer.name,
      contract: data.contractCode,
      policyHolder: data.policyHolder.name,
      from: d(data.dateValidFrom),
      to: d(data.dateValidTo),
    });
    doc.font('Helvetica').fontSize(10).text(text, MARGIN, y, { width: WIDTH });
    if (!data.persons.length) doc.moveDown().text(t('doc.nobody'));
  }
  doc.end();
  return done;
}
