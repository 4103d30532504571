'use client';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useI18n } from '@/components/i18n';
import type { ActionResult } from '@/lib/action';
import type { RuleVersionDto } from '@/lib/premium-rules/rules';
import { deleteRuleVersionAction, publishRuleVersionAction } from '../actions';

/** Publish or delete a draft; the editor opens any version (a published one as the base of a new draft). */
export function VersionButtons({ version, canWrite }: { version: RuleVersionDto; canWrite: boolean }) {
  const router = useRouter();
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (action: (input: unknown) => Promise<ActionResult<unknown>>) => {
    setBusy(true);
    const r = await action({ id: version.id, version: version.version });
    setBusy(false);
    if (r.ok) {
      setError(null);
      router.refresh();
    } else setError(r.error);
  };
  return (
    <Stack
      direction="row"
      spacing={1}
      sx={{ justifyContent: 'flex-end', alignItems: 'center', flexWrap: 'wrap' }}
    >
      <Button size="small" href={`?version=${version.id}#editor`}>
        {t('rules.edit')}
      </Button>
      {canWrite && version.status === 'draft' && (
        <>
          <Button
            size="small"
            variant="contained"
            loading={busy}
            onClick={() => run(publishRuleVersionAction)}
          >
            {t('rules.publish')}
          </Button>
          <Button size="small" color="error" disabled={busy} onClick={() => run(deleteRuleVersionAction)}>
            {t('rules.deleteDraft')}
          </Button>
        </>
      )}
      {error && (
        <Typography role="alert" variant="body2" color="error" sx={{ width: '100%', textAlign: 'right' }}>
          {error}
        </Typography>
      )}
    </Stack>
  );
}
