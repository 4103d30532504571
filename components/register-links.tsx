import Stack from '@mui/material/Stack';
import { AppLink } from '@/components/links';
import type { Translate } from '@/lib/i18n/messages';

const REGISTERS = [
  { key: 'invoices', href: '/invoices', label: 'reg.invoices' },
  { key: 'credit-notes', href: '/credit-notes', label: 'reg.creditNotes' },
  { key: 'payments', href: '/payments', label: 'reg.payments' },
  { key: 'receipts', href: '/receipts', label: 'reg.receipts' },
  { key: 'runs', href: '/billing/runs', label: 'runs.title' },
  { key: 'dunning', href: '/billing/dunning', label: 'dun.title' },
] as const;

/** The billing registers, one link each, the current one marked. */
export function RegisterLinks({ current, t }: { current: (typeof REGISTERS)[number]['key']; t: Translate }) {
  return (
    <Stack
      direction="row"
      spacing={2}
      sx={{ mb: 2, flexWrap: 'wrap' }}
      component="nav"
      aria-label={t('reg.registers')}
    >
      {REGISTERS.map((r) => (
        <AppLink
          key={r.key}
          href={r.href}
          aria-current={r.key === current ? 'page' : undefined}
          sx={{ fontWeight: r.key === current ? 700 : 400 }}
        >
          {t(r.label)}
        </AppLink>
      ))}
    </Stack>
  );
}
