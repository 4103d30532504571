import AddIcon from '@mui/icons-material/Add';
import Paper from '@mui/material/Paper';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { AccountStatement } from '@/components/account-statement';
import { AttachmentsSection } from '@/components/attachments/attachments-section';
import { PolicyHolderDunning } from '@/components/dunning/policy-holder-dunning';
import { ReadableHistory } from '@/components/history/readable-history';
import { InsureesTab } from '@/components/insurees/insurees-tab';
import { LinkTabs } from '@/components/link-tabs';
import { LinkButton } from '@/components/links';
import { PageHeader } from '@/components/page-header';
import { getDb } from '@/db/client';
import { getPolicyHolderHistory, historyNames } from '@/lib/audit/history';
import type { Actor } from '@/lib/auth/actor';
import { can } from '@/lib/auth/actor';
import { requireStaffPage } from '@/lib/auth/session';
import { policyHolderStatement } from '@/lib/billing/statement';
import { listMandates } from '@/lib/collection/mandates';
import { NotFoundError } from '@/lib/errors';
import type { Locale } from '@/lib/format';
import type { Translate } from '@/lib/i18n/messages';
import { getTranslator } from '@/lib/i18n/server';
import { currencyCode } from '@/lib/money';
import {
  listBundles,
  listPolicyHolderBundles,
  listPolicyHolderInsurees,
} from '@/lib/policy-holders/insurees';
import { getPolicyHolder } from '@/lib/policy-holders/policy-holders';
import { isUuid } from '@/lib/validation/common';
import { ContractSearch } from '../../contracts/contract-search';
import { PolicyHolderForm } from '../policy-holder-form';
import { BundlesTab } from './bundles-tab';
import { DeletePolicyHolderButton } from './delete-button';
import { MandatesTab } from './mandates-tab';

/** Its record, its declared employees (and their register entries) and its bundles, readable. */
async function PolicyHolderHistory({
  actor,
  id,
  t,
  locale,
}: {
  actor: Actor;
  id: string;
  t: Translate;
  locale: Locale;
}) {
  const db = getDb();
  const history = await getPolicyHolderHistory(db, actor, id);
  return (
    <ReadableHistory
      history={history}
      names={await historyNames(db, history)}
      t={t}
      locale={locale}
      currency={currencyCode()}
      own="policy_holder"
    />
  );
}

export const metadata: Metadata = { title: 'Policy holder' };

export default async function PolicyHolderPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requireStaffPage('policyholder.read');
  const { id } = await params;
  const query = await searchParams;
  const { t, locale } = await getTranslator();
  const tab = typeof query.tab === 'string' ? query.tab : 'insurees';
  const showContracts = can(actor, 'contract.read');
  if (!isUuid(id)) notFound();
  const db = getDb();
  const policyHolder = await getPolicyHolder(db, actor, id).catch((e) => {
    if (e instanceof NotFoundError) notFound();
    throw e;
  });
  const canWrite = can(actor, 'policyholder.write');
  const [lines, phBundles, allBundles] = await Promise.all([
    listPolicyHolderInsurees(db, actor, id),
    listPolicyHolderBundles(db, actor, id),
    listBundles(db, actor),
  ]);
  const usable = allBundles.filter((b) => phBundles.some((p) => p.id === b.id));

  return (
    <>
      <PageHeader
        title={policyHolder.tradeName}
        subtitle={t('ph.subtitle', { code: policyHolder.code })}
        actions={
          canWrite && (
            <DeletePolicyHolderButton id={id} version={policyHolder.version} code={policyHolder.code} />
          )
        }
      />
      <Paper variant="outlined" sx={{ p: 3, mb: 3 }}>
        <PolicyHolderForm key={policyHolder.version} policyHolder={policyHolder} readOnly={!canWrite} />
      </Paper>
      <Paper variant="outlined" sx={{ p: 2 }}>
        <LinkTabs
          label={t('ph.sections')}
          value={
            tab === 'bundles' ||
            tab === 'files' ||
            tab === 'history' ||
            tab === 'mandates' ||
            ((tab === 'contracts' || tab === 'account' || tab === 'dunning') && showContracts)
              ? tab
              : 'insurees'
          }
          tabs={[
            { value: 'insurees', label: t('ph.tabInsurees', { count: lines.length }), href: `?tab=insurees` },
            {
              value: 'bundles',
              label: t('ph.tabBundles', { count: phBundles.length }),
              href: `?tab=bundles`,
            },
            ...(showContracts
              ? [
                  { value: 'contracts', label: t('ph.tabContracts'), href: `?tab=contracts` },
                  { value: 'account', label: t('acct.title'), href: `?tab=account` },
                  { value: 'dunning', label: t('dun.tab'), href: `?tab=dunning` },
                ]
              : []),
            { value: 'mandates', label: t('mandate.title'), href: `?tab=mandates` },
            { value: 'files', label: t('tab.files'), href: `?tab=files` },
            { value: 'history', label: t('ph.tabHistory'), href: `?tab=history` },
          ]}
        />
        {tab === 'history' ? (
          <PolicyHolderHistory actor={actor} id={id} t={t} locale={locale} />
        ) : tab === 'dunning' && showContracts ? (
          <PolicyHolderDunning actor={actor} policyHolderId={id} t={t} locale={locale} />
        ) : tab === 'account' && showContracts ? (
          <AccountStatement
            statement={await policyHolderStatement(db, actor, id)}
            currency={currencyCode()}
            t={t}
            locale={locale}
          />
        ) : tab === 'contracts' && showContracts ? (
          <>
            {can(actor, 'contract.create') && (
              <LinkButton
                variant="outlined"
                startIcon={<AddIcon />}
                href={`/contracts/new?policyHolder=${id}`}
                sx={{ mb: 2 }}
              >
                {t('contracts.add')}
              </LinkButton>
            )}
            <ContractSearch actor={actor} params={query} policyHolderId={id} />
          </>
        ) : tab === 'mandates' ? (
          <MandatesTab
            policyHolderId={id}
            mandates={await listMandates(db, actor, id)}
            canManage={can(actor, 'collection.manage')}
            today={new Date().toISOString().slice(0, 10)}
          />
        ) : tab === 'files' ? (
          <AttachmentsSection actor={actor} owner={{ policyHolderId: id }} />
        ) : tab === 'bundles' ? (
          <BundlesTab policyHolderId={id} bundles={phBundles} allBundles={allBundles} canWrite={canWrite} />
        ) : (
          <InsureesTab
            policyHolderId={id}
            lines={lines}
            bundles={usable}
            canWrite={canWrite}
            personBase="/insurees"
          />
        )}
      </Paper>
    </>
  );
}
