import PictureAsPdfOutlined from '@mui/icons-material/PictureAsPdfOutlined';
import Alert from '@mui/material/Alert';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import { notFound } from 'next/navigation';
import { AttachmentsSection } from '@/components/attachments/attachments-section';
import { ContractDunningNote } from '@/components/dunning/contract-dunning-note';
import { FilterableTable } from '@/components/filterable-table';
import { LinkTabs } from '@/components/link-tabs';
import { LinkButton } from '@/components/links';
import { PageHeader } from '@/components/page-header';
import { ShareSection } from '@/components/sharing/share-section';
import { StateChip } from '@/components/state-chip';
import { getDb } from '@/db/client';
import { historyNames } from '@/lib/audit/history';
import type { Actor } from '@/lib/auth/actor';
import { can } from '@/lib/auth/actor';
import { previewSchedule } from '@/lib/billing/installments';
import { listCreditNotes, listInvoices } from '@/lib/billing/invoices';
import { listPayments } from '@/lib/billing/receipts';
import { listComments } from '@/lib/comments/comments';
import { canDo, canEditContract } from '@/lib/contracts/access';
import { getContract } from '@/lib/contracts/contracts';
import { listContractDetails } from '@/lib/contracts/details';
import { getNextStepData } from '@/lib/contracts/next-step';
import { getContractHistory, listContributionDetails, listPersonsCovered } from '@/lib/contracts/queries';
import { rateChangeNote } from '@/lib/contracts/rate-note';
import { ContractState, isApprovable, isUpdatable, STATE_CONFIG } from '@/lib/contracts/states';
import { contractDunning } from '@/lib/dunning/queries';
import { NotFoundError } from '@/lib/errors';
import { formatAmount, formatDate, formatMoney } from '@/lib/format';
import { localize } from '@/lib/i18n/localize';
import type { MessageKey } from '@/lib/i18n/messages';
import { getTranslator } from '@/lib/i18n/server';
import { currencyCode } from '@/lib/money';
import {
  listBundles,
  listPolicyHolderBundles,
  listPolicyHolderInsurees,
} from '@/lib/policy-holders/insurees';
import { isUuid } from '@/lib/validation/common';
import { AutoRenewSwitch } from './auto-renew-switch';
import { CardEditsProvider } from './card-edits';
import { CommentsTab } from './comments-tab';
import { type ActionName, ContractActions } from './contract-actions';
import { ContractForm } from './contract-form';
import { DetailsTab } from './details-tab';
import { HistoryTab } from './history-tab';
import { InvoicesTab } from './invoices-tab';
import { nextStep } from './next-step';
import { NextStepBanner } from './next-step-banner';
import { PaymentsTab } from './payments-tab';

const STAFF_TABS = [
  'details',
  'contributions',
  'payments',
  'persons',
  'invoices',
  'comments',
  'files',
  'sharing',
  'history',
] as const;
// The audit trail names insurer staff and internal steps; the policy holder follows the thread instead.
const PORTAL_TABS = [
  'details',
  'contributions',
  'payments',
  'persons',
  'invoices',
  'comments',
  'files',
] as const;

/**
 * The contract card, for the back office and for the portal alike. What is shown and editable follows
 * the actor's rights (the same rules the services enforce again); another policy holder's contract is
 * "not found", by the service's own scope.
 */
export async function ContractCard({
  actor,
  id,
  requestedTab,
  basePath,
}: {
  actor: Actor;
  id: string;
  requestedTab: string | undefined;
  basePath: string;
}) {
  // Sharing hands the contract to outsiders: staff who may write in its thread (lib/sharing).
  const TABS: readonly string[] = actor.isPortal
    ? PORTAL_TABS
    : STAFF_TABS.filter((t) => t !== 'sharing' || can(actor, 'contract.comment'));
  const tab = TABS.find((t) => t === requestedTab) ?? 'details';
  const { t, locale } = await getTranslator();
  if (!isUuid(id)) notFound();
  const db = getDb();
  const contract = await getContract(db, actor, id, { includeDeleted: !actor.isPortal }).catch((e) => {
    if (e instanceof NotFoundError) notFound();
    throw e;
  });
  const live = !contract.isDeleted;
  const editable = live && canEditContract(actor, contract);
  const approver = can(actor, 'contract.approve');
  const stepData = await getNextStepData(db, actor, contract);

  const allowed: ActionName[] = [];
  if (live) {
    if (canDo(actor, 'submit') && isUpdatable(contract.state)) allowed.push('submit');
    if (approver && isApprovable(contract.state)) allowed.push('approve', 'counter');
    if (canDo(actor, 'amend') && STATE_CONFIG.amendable.includes(contract.state)) allowed.push('amend');
    if (canDo(actor, 'renew') && STATE_CONFIG.renewable.includes(contract.state)) allowed.push('renew');
    if (approver && STATE_CONFIG.terminable.includes(contract.state)) allowed.push('terminate');
    // Offered only while some installment is not invoiced yet (createInvoice refuses otherwise too).
    if (
      can(actor, 'invoice.create') &&
      STATE_CONFIG.invoiceable.includes(contract.state) &&
      stepData.uninvoiced > 0
    )
      allowed.push('invoice');
    if (can(actor, 'contract.delete') && STATE_CONFIG.deletable.includes(contract.state))
      allowed.push('delete');
  }

  let content: React.ReactNode;
  if (tab === 'details') {
    const [details, bundles] = await Promise.all([
      listContractDetails(db, actor, id),
      listBundles(db, actor),
    ]);
    let usable = bundles;
    let phInsurees: {
      insureeId: string;
      label: string;
      bundleId: string | null;
      calculationParams: Record<string, unknown>;
    }[] = [];
    if (contract.policyHolderId) {
      const [phBundles, lines] = await Promise.all([
        listPolicyHolderBundles(db, actor, contract.policyHolderId),
        listPolicyHolderInsurees(db, actor, contract.policyHolderId),
      ]);
      usable = bundles.filter((b) => phBundles.some((p) => p.id === b.id));
      phInsurees = lines
        .filter(
          (l) =>
            l.dateValidFrom <= contract.dateValidTo &&
            (!l.dateValidTo || l.dateValidTo >= contract.dateValidFrom),
        )
        .map((l) => ({
          insureeId: l.insureeId,
          label: `${l.insuranceNumber} · ${l.lastName} ${l.firstName}`,
          bundleId: l.bundleId,
          calculationParams: l.calculationParams,
        }));
    }
    content = (
      <DetailsTab
        contractId={id}
        details={details}
        bundles={usable}
        phInsurees={phInsurees}
        canEdit={editable}
      />
    );
  } else if (tab === 'contributions') {
    const lines = await listContributionDetails(db, actor, id);
    content = (
      <FilterableTable
        locale={locale}
        label={t('tab.contributions')}
        empty={t('lines.none')}
        rows={lines.map((l) => ({
          id: l.id,
          insuree: `${l.insuranceNumber} · ${l.insureeName} ${l.insureeFirstName}`,
          bundle: l.bundleCode,
          plan: `${l.planCode} · ${l.planName}`,
          product: l.productCode,
          period: `${formatDate(l.dateValidFrom, locale)} – ${formatDate(l.dateValidTo, locale)}`,
          policy: `${formatDate(l.policyStart, locale)} – ${formatDate(l.policyExpiry, locale)} (${l.policyStatus})`,
          amount: l.amount,
        }))}
        columns={[
          { key: 'insuree', label: t('lines.insuree') },
          { key: 'bundle', label: t('lines.bundle') },
          { key: 'plan', label: t('lines.plan') },
          { key: 'product', label: t('lines.product') },
          { key: 'period', label: t('lines.period') },
          { key: 'policy', label: t('lines.policy') },
          { key: 'amount', label: t('lines.amount'), kind: 'money' },
        ]}
        filters={[
          { key: 'insuree', label: t('lines.insuree') },
          { key: 'bundle', label: t('lines.bundle') },
          { key: 'plan', label: t('lines.plan') },
          { key: 'product', label: t('lines.product') },
        ]}
      />
    );
  } else if (tab === 'payments') {
    content = (
      <PaymentsTab
        contractId={id}
        payments={await listPayments(db, actor, id)}
        canRecord={live && can(actor, 'payment.record')}
        canSettle={can(actor, 'payment.record') && can(actor, 'contract.approve')}
        t={t}
        locale={locale}
      />
    );
  } else if (tab === 'persons') {
    const persons = await listPersonsCovered(db, actor, id);
    const { coverSuspendedFrom } = await contractDunning(db, actor, id);
    content = (
      <>
        {coverSuspendedFrom && (
          <Alert severity="error" sx={{ my: 1 }} data-testid="persons-suspended">
            {t('dun.suspendedFrom', { date: formatDate(coverSuspendedFrom, locale) })}
          </Alert>
        )}
        <FilterableTable
          locale={locale}
          label={t('tab.persons')}
          empty={t('persons.none')}
          rows={persons.map((p) => ({
            id: p.id,
            insuree: `${p.insuranceNumber} · ${p.lastName} ${p.firstName}`,
            start: formatDate(p.startDate, locale),
            effective: formatDate(p.effectiveDate, locale),
            expiry: formatDate(p.expiryDate, locale),
          }))}
          columns={[
            { key: 'insuree', label: t('lines.insuree') },
            { key: 'start', label: t('persons.start') },
            { key: 'effective', label: t('persons.effective') },
            { key: 'expiry', label: t('persons.expiry') },
          ]}
          filters={[{ key: 'insuree', label: t('lines.insuree') }]}
        />
      </>
    );
  } else if (tab === 'invoices') {
    content = (
      <InvoicesTab
        contractId={id}
        invoices={await listInvoices(db, actor, id)}
        creditNotes={await listCreditNotes(db, actor, id)}
        t={t}
        locale={locale}
        basePath={basePath}
      />
    );
  } else if (tab === 'comments') {
    content = (
      <CommentsTab
        contractId={id}
        comments={await listComments(db, actor, id)}
        canPost={live && can(actor, actor.isPortal ? 'portal.comment' : 'contract.comment')}
        canPostInternal={!actor.isPortal && can(actor, 'contract.comment')}
        t={t}
        locale={locale}
      />
    );
  } else if (tab === 'files') {
    content = (
      <Stack spacing={2}>
        {STATE_CONFIG.invoiceable.includes(contract.state) && (
          <div>
            <LinkButton
              variant="outlined"
              href={`/api/documents/certificate/${id}`}
              download
              startIcon={<PictureAsPdfOutlined />}
            >
              {t('card.certificate')}
            </LinkButton>
          </div>
        )}
        <AttachmentsSection actor={actor} owner={{ contractId: id }} live={live} />
      </Stack>
    );
  } else if (tab === 'sharing') {
    content = <ShareSection actor={actor} contractId={id} live={live} />;
  } else {
    const history = await getContractHistory(db, actor, id);
    content = (
      <HistoryTab
        history={history}
        names={await historyNames(db, history)}
        t={t}
        locale={locale}
        currency={currencyCode()}
      />
    );
  }

  const isAmendment = contract.amendment > 0;
  const step = nextStep({
    contract,
    data: stepData,
    portal: actor.isPortal,
    allowed,
    canApprove: approver,
    canRecordPayment: live && can(actor, 'payment.record'),
    t,
    locale,
  });
  // Issue 17: a contract not yet approved is approved at today's rates; say so when they changed.
  const rateNote = actor.isPortal ? null : await rateChangeNote(db, contract);
  return (
    <CardEditsProvider>
      <PageHeader
        title={
          isAmendment
            ? t('card.amendment', { amendment: contract.amendment, code: contract.code })
            : t('card.contract', { code: contract.code })
        }
        subtitle={
          <Stack direction="row" spacing={1} component="span" sx={{ alignItems: 'center' }}>
            <StateChip state={contract.state} locale={locale} />
            <span>
              {contract.policyHolderName ?? t('card.noPolicyHolder')}
              {contract.isDeleted ? ' · deleted' : ''}
              {/* A counter's reason is in the next-step banner, with what to do about it. */}
              {contract.stateReason && contract.state !== ContractState.Counter
                ? ` · ${contract.stateReason}`
                : ''}
            </span>
          </Stack>
        }
        actions={
          <ContractActions
            id={id}
            version={contract.version}
            code={contract.code}
            amendment={contract.amendment}
            allowed={allowed}
            basePath={basePath}
            schedule={
              allowed.includes('approve')
                ? (await previewSchedule(db, actor, id)).installments.map((i) => ({
                    period: `${formatDate(i.from, locale)} – ${formatDate(i.to, locale)}`,
                    due: formatDate(i.dueDate, locale),
                    amount: formatAmount(i.amount, locale, currencyCode()),
                  }))
                : undefined
            }
          />
        }
      />
      {step && <NextStepBanner step={step} />}
      <ContractDunningNote actor={actor} contractId={id} t={t} locale={locale} />
      {rateNote && (
        <Alert severity="warning" sx={{ mb: 2 }} data-testid="rate-note">
          {'error' in rateNote
            ? t('card.rateError', { error: localize(rateNote.error, locale) })
            : t('card.rateChanged', {
                current: formatMoney(rateNote.current, locale),
                recorded: formatMoney(rateNote.recorded, locale),
              })}
        </Alert>
      )}
      <Paper variant="outlined" sx={{ p: { xs: 2, sm: 3 }, mb: 3 }}>
        <ContractForm
          contract={contract}
          basePath={basePath}
          policyHolder={
            contract.policyHolderId
              ? {
                  id: contract.policyHolderId,
                  label: `${contract.policyHolderCode} · ${contract.policyHolderName}`,
                }
              : null
          }
          editable={{
            // Signed (Negotiable): the code and the period are the policy holder's; counter to change them.
            code: editable && approver && !isAmendment && isUpdatable(contract.state),
            policyHolder: editable && !contract.policyHolderId,
            paymentReference: editable,
            dates: editable && approver && isUpdatable(contract.state),
            dateValidFrom: editable && approver && !isAmendment && isUpdatable(contract.state),
          }}
        />
        {!actor.isPortal && (
          <AutoRenewSwitch
            id={id}
            version={contract.version}
            checked={contract.autoRenew}
            disabled={!live || !canDo(actor, 'renew') || contract.state === ContractState.Terminated}
          />
        )}
      </Paper>
      <Paper variant="outlined" sx={{ p: { xs: 1, sm: 2 } }}>
        <LinkTabs
          label="Contract sections"
          value={tab}
          tabs={TABS.map((value) => ({
            value,
            label: t(`tab.${value}` as MessageKey),
            href: `?tab=${value}`,
          }))}
        />
        {content}
      </Paper>
    </CardEditsProvider>
  );
}
