import Alert from '@mui/material/Alert';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { AppLink } from '@/components/links';
import { PageHeader } from '@/components/page-header';
import { getDb } from '@/db/client';
import { requireStaffPage } from '@/lib/auth/session';
import { listDunningLevels } from '@/lib/dunning/levels';
import { NotFoundError } from '@/lib/errors';
import { formatAmount } from '@/lib/format';
import type { MessageKey } from '@/lib/i18n/messages';
import { getTranslator } from '@/lib/i18n/server';
import { currencyCode } from '@/lib/money';
import { getProduct } from '@/lib/reference/products';
import { isUuid } from '@/lib/validation/common';
import { DefaultLevelsButton, DeleteLevelButton, LevelDialogButton } from './level-dialog';

export const metadata: Metadata = { title: 'Dunning levels' };

/** A product's dunning levels (issue 14): in order of their days after the due date. */
export default async function DunningLevelsPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireStaffPage('product.configure');
  const { t, locale } = await getTranslator();
  const { id } = await params;
  if (!isUuid(id)) notFound();
  const db = getDb();
  const product = await getProduct(db, actor, id).catch((e) => {
    if (e instanceof NotFoundError) notFound();
    throw e;
  });
  const levels = await listDunningLevels(db, actor, id);
  return (
    <>
      <PageHeader
        title={t('dun.levelsOf', { product: `${product.code} · ${product.name}` })}
        subtitle={<AppLink href={`/admin/products/${id}`}>{`${product.code} · ${product.name}`}</AppLink>}
        actions={
          <Stack direction="row" spacing={1}>
            {levels.length === 0 && <DefaultLevelsButton productId={id} />}
            <LevelDialogButton productId={id} />
          </Stack>
        }
      />
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        {t('dun.levelsHint')}
      </Typography>
      {levels.length === 0 ? (
        <Alert severity="info">{t('dun.noLevels')}</Alert>
      ) : (
        <Paper variant="outlined">
          <TableContainer>
            <Table size="small" aria-label={t('dun.levels')}>
              <TableHead>
                <TableRow>
                  <TableCell>{t('dun.level')}</TableCell>
                  <TableCell align="right">{t('dun.days')}</TableCell>
                  <TableCell>{t('dun.actionLabel')}</TableCell>
                  <TableCell>{t('dun.registered')}</TableCell>
                  <TableCell align="right">{t('dun.fee')}</TableCell>
                  <TableCell>{locale === 'fr' ? t('dun.subjectFr') : t('dun.subjectEn')}</TableCell>
                  <TableCell />
                </TableRow>
              </TableHead>
              <TableBody>
                {levels.map((l, i) => (
                  <TableRow key={l.id}>
                    <TableCell>{t('dun.levelN', { n: i + 1, name: l.name })}</TableCell>
                    <TableCell align="right">{l.daysAfterDue}</TableCell>
                    <TableCell>{t(`dun.action.${l.action}` as MessageKey)}</TableCell>
                    <TableCell>{l.registered ? t('dun.yes') : t('dun.no')}</TableCell>
                    <TableCell align="right">
                      {l.fee ? formatAmount(l.fee, locale, currencyCode()) : '—'}
                    </TableCell>
                    <TableCell>{locale === 'fr' ? l.subjectFr : l.subjectEn}</TableCell>
                    <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                      <LevelDialogButton
                        productId={id}
                        level={{
                          id: l.id,
                          version: l.version,
                          name: l.name,
                          daysAfterDue: String(l.daysAfterDue),
                          action: l.action as 'letter' | 'suspend' | 'terminate',
                          registered: l.registered,
                          fee: l.fee ?? '',
                          subjectEn: l.subjectEn,
                          bodyEn: l.bodyEn,
                          subjectFr: l.subjectFr,
                          bodyFr: l.bodyFr,
                        }}
                      />
                      <DeleteLevelButton productId={id} id={l.id} version={l.version} name={l.name} />
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
        </Paper>
      )}
    </>
  );
}
