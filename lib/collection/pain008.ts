import { money, toMoneyString } from '../money';
import { type Scheme, type Sequence, sepaText } from './sepa';

export type Pain008Transaction = {
  endToEndId: string;
  amount: string;
  mandateReference: string;
  signedOn: string;
  debtorName: string;
  debtorIban: string;
  debtorBic: string | null;
  remittance: string;
};

export type Pain008Message = {
  messageId: string;
  createdAt: Date;
  creditor: { name: string; iban: string; bic: string | null; creditorId: string };
  scheme: Scheme;
  sequence: Sequence;
  collectionDate: string;
  currency: string;
  transactions: Pain008Transaction[];
};

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** An agent by BIC, or "NOTPROVIDED" (allowed for IBAN-only SEPA since 2016). */
const agent = (bic: string | null) =>
  bic
    ? `<FinInstnId><BIC>${esc(bic)}</BIC></FinInstnId>`
    : '<FinInstnId><Othr><Id>NOTPROVIDED</Id></Othr></FinInstnId>';

/**
 * The number of transactions and the control sum of a message: the sum of the decimal amounts, exact
 * (never floats), as pain.008 asks in its group header and in each payment information block.
 */
export function controlTotals(transactions: { amount: string }[]): { count: number; sum: string } {
  const sum = transactions.reduce((s, t) => s.plus(t.amount), money(0));
  return { count: transactions.length, sum: toMoneyString(sum) };
}

/**
 * One pain.008.001.02 message (customer direct debit initiation) with one payment information block:
 * one scheme (CORE or B2B), one sequence type, one collection date.
 */
export function buildPain008(m: Pain008Message): string {
  const { count, sum } = controlTotals(m.transactions);
  const created = m.createdAt.toISOString().slice(0, 19);
  const tx = m.transactions
    .map(
      (t) => `      <DrctDbtTxInf>
        <PmtId><EndToEndId>${esc(t.endToEndId)}</EndToEndId></PmtId>
        <InstdAmt Ccy="${esc(m.currency)}">${toMoneyString(t.amount)}</InstdAmt>
        <DrctDbtTx><MndtRltdInf><MndtId>${esc(t.mandateReference)}</MndtId><DtOfSgntr>${t.signedOn}</DtOfSgntr></MndtRltdInf></DrctDbtTx>
        <DbtrAgt>${agent(t.debtorBic)}</DbtrAgt>
        <Dbtr><Nm>${esc(sepaText(t.debtorName, 70) || 'NOTPROVIDED')}</Nm></Dbtr>
        <DbtrAcct><Id><IBAN>${esc(t.debtorIban)}</IBAN></Id></DbtrAcct>
        <RmtInf><Ustrd>${esc(sepaText(t.remittance, 140) || t.endToEndId)}</Ustrd></RmtInf>
      </DrctDbtTxInf>`,
    )
    .join('\n');
  const creditorName = esc(sepaText(m.creditor.name, 70));
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.008.001.02" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <CstmrDrctDbtInitn>
    <GrpHdr>
      <MsgId>${esc(m.messageId)}</MsgId>
      <CreDtTm>${created}</CreDtTm>
      <NbOfTxs>${count}</NbOfTxs>
      <CtrlSum>${sum}</CtrlSum>
      <InitgPty><Nm>${creditorName}</Nm></InitgPty>
    </GrpHdr>
    <PmtInf>
      <PmtInfId>${esc(m.messageId)}-1</PmtInfId>
      <PmtMtd>DD</PmtMtd>
      <BtchBookg>true</BtchBookg>
      <NbOfTxs>${count}</NbOfTxs>
      <CtrlSum>${sum}</CtrlSum>
      <PmtTpInf>
        <SvcLvl><Cd>SEPA</Cd></SvcLvl>
        <LclInstrm><Cd>${m.scheme}</Cd></LclInstrm>
        <SeqTp>${m.sequence}</SeqTp>
      </PmtTpInf>
      <ReqdColltnDt>${m.collectionDate}</ReqdColltnDt>
      <Cdtr><Nm>${creditorName}</Nm></Cdtr>
      <CdtrAcct><Id><IBAN>${esc(m.creditor.iban)}</IBAN></Id></CdtrAcct>
      <CdtrAgt>${agent(m.creditor.bic)}</CdtrAgt>
      <ChrgBr>SLEV</ChrgBr>
      <CdtrSchmeId><Id><PrvtId><Othr><Id>${esc(m.creditor.creditorId)}</Id><SchmeNm><Prtry>SEPA</Prtry></SchmeNm></Othr></PrvtId></Id></CdtrSchmeId>
${tx}
    </PmtInf>
  </CstmrDrctDbtInitn>
</Document>
`;
}
