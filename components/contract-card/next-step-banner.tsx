'use client';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import { useI18n } from '@/components/i18n';
import { LinkButton } from '@/components/links';
import type { MessageKey } from '@/lib/i18n/messages';
import { useCardEdits } from './card-edits';
import type { NextStep } from './next-step';

/** The contract's next step, with the buttons that take it (the toolbar's own dialogs). */
export function NextStepBanner({ step }: { step: NextStep }) {
  const { t } = useI18n();
  const edits = useCardEdits();
  const buttons = step.actions.length + step.links.length > 0;
  return (
    <Alert
      severity={step.severity}
      role="region"
      aria-label={t('next.label')}
      data-testid="next-step"
      sx={{ mb: 2, '& .MuiAlert-message': { width: '100%' } }}
    >
      <AlertTitle>{t('next.label')}</AlertTitle>
      {step.text}
      {buttons && (
        <Stack direction="row" spacing={1} useFlexGap sx={{ mt: 1.5, flexWrap: 'wrap' }}>
          {step.actions.map((a, i) => (
            <Button
              key={a}
              size="small"
              variant={i === 0 ? 'contained' : 'outlined'}
              color={a === 'counter' ? 'secondary' : 'primary'}
              onClick={() => edits?.openAction(a)}
            >
              {t(`action.${a}` as MessageKey)}
            </Button>
          ))}
          {step.links.map((l) => (
            <LinkButton key={l.href} size="small" variant="outlined" href={l.href}>
              {l.label}
            </LinkButton>
          ))}
        </Stack>
      )}
    </Alert>
  );
}
