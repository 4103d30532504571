import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { ReadableHistory } from '@/components/history/readable-history';
import { LinkButton } from '@/components/links';
import { PageHeader } from '@/components/page-header';
import { getDb } from '@/db/client';
import { getInsureeHistory, historyNames } from '@/lib/audit/history';
import { can } from '@/lib/auth/actor';
import { requireStaffPage } from '@/lib/auth/session';
import { NotFoundError } from '@/lib/errors';
import { formatDate } from '@/lib/format';
import { getTranslator } from '@/lib/i18n/server';
import { currencyCode } from '@/lib/money';
import { getInsuree } from '@/lib/reference/insurees';
import { isUuid } from '@/lib/validation/common';

export const metadata: Metadata = { title: 'Insuree' };

/** A person of the register: who they are, the contracts that cover them, and their readable history. */
export default async function InsureePage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireStaffPage('policyholder.read');
  const { id } = await params;
  if (!isUuid(id)) notFound();
  const { t, locale } = await getTranslator();
  const db = getDb();
  const person = await getInsuree(db, actor, id).catch((e) => {
    if (e instanceof NotFoundError) notFound();
    throw e;
  });
  const history = await getInsureeHistory(db, actor, id);
  const facts: [string, string][] = [
    [t('hist.f.insuranceNumber'), person.insuranceNumber],
    [t('hist.f.dateOfBirth'), formatDate(person.dateOfBirth, locale)],
    [t('hist.f.gender'), person.gender],
    [t('hist.f.isFamilyHead'), t(person.isFamilyHead ? 'hist.yes' : 'hist.no')],
  ];
  return (
    <>
      <PageHeader
        title={`${person.lastName} ${person.firstName}`}
        subtitle={person.insuranceNumber}
        actions={
          can(actor, 'contract.read') && (
            <LinkButton variant="outlined" href={`/contracts?insureeId=${id}`}>
              {t('ins.contracts')}
            </LinkButton>
          )
        }
      />
      <Paper variant="outlined" sx={{ p: 2, mb: 3 }}>
        <Stack direction="row" sx={{ flexWrap: 'wrap', columnGap: 4, rowGap: 1 }} component="dl">
          {facts.map(([label, value]) => (
            <div key={label}>
              <Typography component="dt" variant="body2" color="text.secondary">
                {label}
              </Typography>
              <Typography component="dd" sx={{ m: 0 }}>
                {value}
              </Typography>
            </div>
          ))}
        </Stack>
      </Paper>
      <Paper variant="outlined" sx={{ p: 2 }}>
        <Typography variant="h6" component="h2">
          {t('hist.list')}
        </Typography>
        <ReadableHistory
          history={history}
          names={await historyNames(db, history)}
          t={t}
          locale={locale}
          currency={currencyCode()}
          own="insuree"
        />
      </Paper>
    </>
  );
}
