import type { ContractDto } from '@/lib/contracts/contracts';
import type { NextStepData } from '@/lib/contracts/next-step';
import { ContractState } from '@/lib/contracts/states';
import { formatAmount, formatDate, type Locale } from '@/lib/format';
import type { MessageKey, Translate } from '@/lib/i18n/messages';
import type { ActionName } from './contract-actions';

export type NextStepLink = { label: string; href: string };
export type NextStep = {
  severity: 'info' | 'warning' | 'success';
  text: string;
  /** Actions of the card's toolbar worth offering here (only those the actor is allowed). */
  actions: ActionName[];
  links: NextStepLink[];
};

/**
 * The next-step banner of a contract card: what the contract waits for, said to staff or to the policy
 * holder in their own words, with the actions that move it on. Pure: the data comes from
 * `getNextStepData` and the actions from what the card already allows.
 */
export function nextStep({
  contract,
  data,
  portal,
  allowed,
  canApprove,
  canRecordPayment,
  t,
  locale,
}: {
  contract: ContractDto;
  data: NextStepData;
  portal: boolean;
  allowed: ActionName[];
  canApprove: boolean;
  canRecordPayment: boolean;
  t: Translate;
  locale: Locale;
}): NextStep | null {
  const who = portal ? 'portal' : 'staff';
  const key = (k: string) => `next.${who}.${k}` as MessageKey;
  const offer = (...names: ActionName[]) => names.filter((n) => allowed.includes(n));
  const money = (v: string | null | undefined) => formatAmount(v, locale, contract.currency);
  const payments = { label: t('next.seePayments'), href: '?tab=payments' };
  if (contract.isDeleted) return { severity: 'info', text: t('next.deleted'), actions: [], links: [] };
  switch (contract.state) {
    case ContractState.RequestForInformation:
    case ContractState.Draft:
      return {
        severity: 'info',
        text: data.insuredPersons
          ? t(key('draft'), { persons: data.insuredPersons })
          : t(key('draftEmpty'), {}),
        actions: data.insuredPersons ? offer('submit') : [],
        links: [],
      };
    case ContractState.Counter:
      return {
        severity: 'warning',
        text: contract.stateReason
          ? t(key('counterReason'), { reason: contract.stateReason })
          : t(key('counter'), {}),
        actions: offer('submit'),
        links: [],
      };
    case ContractState.Negotiable:
      return {
        severity: !portal && canApprove ? 'warning' : 'info',
        text: !portal && canApprove ? t('next.staff.negotiableApprover') : t(key('negotiable'), {}),
        actions: offer('approve', 'counter'),
        links: [],
      };
    case ContractState.Executable: {
      const p = data.payment;
      return {
        severity: 'warning',
        text: t(key('executable'), {
          due: money(p?.expected ?? contract.amountDue),
          date: formatDate(contract.datePaymentDue, locale),
          reference: p?.reference ?? contract.paymentReference ?? '—',
          received: money(p?.received ?? '0'),
        }),
        actions: offer('invoice'),
        links: [canRecordPayment ? { label: t('next.recordReceipt'), href: '?tab=payments' } : payments],
      };
    }
    case ContractState.Effective:
      return {
        severity: 'success',
        text: [
          t(key('effective'), { to: formatDate(contract.dateTerminated ?? contract.dateValidTo, locale) }),
          !portal && allowed.includes('invoice') ? t('next.staff.toInvoice', { count: data.uninvoiced }) : '',
        ]
          .filter(Boolean)
          .join(' '),
        actions: offer('invoice'),
        links: portal ? [{ label: t('next.seeInvoices'), href: '?tab=invoices' }] : [],
      };
    case ContractState.Terminated:
      return {
        severity: 'info',
        text: t('next.terminated', {
          date: formatDate(contract.dateTerminated ?? contract.dateValidTo, locale),
        }),
        actions: [],
        links: [],
      };
    case ContractState.Addendum:
      return { severity: 'info', text: t('next.addendum'), actions: [], links: [] };
    default:
      return null;
  }
}
