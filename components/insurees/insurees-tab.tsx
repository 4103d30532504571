'use client';
import AddIcon from '@mui/icons-material/Add';
import DeleteIcon from '@mui/icons-material/Delete';
import EditIcon from '@mui/icons-material/Edit';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Tooltip from '@mui/material/Tooltip';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { useI18n } from '@/components/i18n';
import { AppLink } from '@/components/links';
import type { BundleDto, PolicyHolderInsureeDto } from '@/lib/policy-holders/insurees';
import { removePolicyHolderInsureeAction } from './actions';
import { CensusDialog } from './census-dialog';
import { InsureeDialog } from './insuree-dialog';

function params(p: Record<string, unknown>) {
  const entries = Object.entries(p);
  return entries.length ? entries.map(([k, v]) => `${k}: ${String(v)}`).join(', ') : '—';
}

export function InsureesTab({
  policyHolderId,
  lines,
  bundles,
  canWrite,
  personBase,
}: {
  policyHolderId: string;
  lines: PolicyHolderInsureeDto[];
  bundles: (BundleDto & { ruleKeys: string[] })[];
  canWrite: boolean;
  /** Staff: where persons' cards live (`/insurees`, their history); the portal has none. */
  personBase?: string;
}) {
  const router = useRouter();
  const { t } = useI18n();
  const [editing, setEditing] = useState<PolicyHolderInsureeDto | 'new' | null>(null);
  const [removing, setRemoving] = useState<PolicyHolderInsureeDto | null>(null);
  const [importing, setImporting] = useState(false);
  return (
    <>
      {canWrite && (
        <Stack direction="row" spacing={1} sx={{ mb: 1 }}>
          <Button
            startIcon={<AddIcon />}
            variant="outlined"
            onClick={() => setEditing('new')}
            disabled={!bundles.length}
          >
            {t('ph.addInsuree')}
          </Button>
          <Button
            startIcon={<UploadFileIcon />}
            variant="outlined"
            onClick={() => setImporting(true)}
            disabled={!bundles.length}
          >
            {t('census.open')}
          </Button>
        </Stack>
      )}
      {canWrite && !bundles.length && (
        <Alert severity="info" sx={{ mb: 1 }}>
          {t('ph.needBundle')}
        </Alert>
      )}
      <TableContainer>
        <Table size="small" aria-label="Insurees">
          <TableHead>
            <TableRow>
              <TableCell>{t('ph.insuranceNumber')}</TableCell>
              <TableCell>{t('ph.name')}</TableCell>
              <TableCell>{t('ph.bundle')}</TableCell>
              <TableCell>{t('ph.params')}</TableCell>
              <TableCell>{t('ph.validFrom')}</TableCell>
              <TableCell>{t('ph.validTo')}</TableCell>
              {canWrite && <TableCell align="right">{t('col.actions')}</TableCell>}
            </TableRow>
          </TableHead>
          <TableBody>
            {lines.map((l) => (
              <TableRow key={l.id} hover>
                <TableCell>{l.insuranceNumber}</TableCell>
                <TableCell>
                  {personBase ? (
                    <AppLink href={`${personBase}/${l.insureeId}`}>
                      {l.lastName} {l.firstName}
                    </AppLink>
                  ) : (
                    `${l.lastName} ${l.firstName}`
                  )}
                </TableCell>
                <TableCell>{l.bundleCode ?? '—'}</TableCell>
                <TableCell>{params(l.calculationParams)}</TableCell>
                <TableCell>{l.dateValidFrom}</TableCell>
                <TableCell>{l.dateValidTo ?? '—'}</TableCell>
                {canWrite && (
                  <TableCell align="right">
                    <Tooltip title={t('ph.edit')}>
                      <IconButton
                        aria-label={t('ph.editOne', { name: `${l.lastName} ${l.firstName}` })}
                        onClick={() => setEditing(l)}
                      >
                        <EditIcon fontSize="small" />
                      </IconButton>
                    </Tooltip>
                    <Tooltip title={t('ph.remove')}>
                      <IconButton
                        aria-label={t('ph.removeOne', { name: `${l.lastName} ${l.firstName}` })}
                        onClick={() => setRemoving(l)}
                      >
                        <DeleteIcon fontSize="small" />
                      </IconButton>
                    </Tooltip>
                  </TableCell>
                )}
              </TableRow>
            ))}
            {lines.length === 0 && (
              <TableRow>
                <TableCell colSpan={7} sx={{ textAlign: 'center', color: 'text.secondary' }}>
                  {t('ph.noInsuree')}
                </TableCell>
              </TableRow>
            )}
          </TableBody>
        </Table>
      </TableContainer>
      {importing && <CensusDialog policyHolderId={policyHolderId} onClose={() => setImporting(false)} />}
      {editing && (
        <InsureeDialog
          policyHolderId={policyHolderId}
          bundles={bundles}
          line={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(null)}
        />
      )}
      <ConfirmDialog
        open={!!removing}
        title={t('ph.removeTitle')}
        message={
          removing ? t('ph.removeQuestion', { name: `${removing.lastName} ${removing.firstName}` }) : ''
        }
        confirmLabel={t('ph.remove')}
        destructive
        onClose={() => setRemoving(null)}
        onConfirm={async () => {
          if (!removing) return null;
          const r = await removePolicyHolderInsureeAction({
            id: removing.id,
            version: removing.version,
            policyHolderId,
          });
          if (!r.ok) return r.error;
          router.refresh();
          return null;
        }}
      />
    </>
  );
}
