'use client';
import Button from '@mui/material/Button';
import Tooltip from '@mui/material/Tooltip';
import { useRouter } from 'next/navigation';
import { setLocaleAction } from '@/lib/i18n/actions';
import { useI18n } from './i18n';

/** English ⇄ French; the choice is a cookie read by the server, so the next render is in that language. */
export function LanguageSwitch({ color = 'inherit' }: { color?: 'inherit' | 'primary' }) {
  const router = useRouter();
  const { t, locale } = useI18n();
  return (
    <Tooltip title={t('shell.languageHint')}>
      <Button
        color={color}
        lang={locale === 'fr' ? 'en' : 'fr'}
        onClick={async () => {
          await setLocaleAction(locale === 'fr' ? 'en' : 'fr');
          router.refresh();
        }}
      >
        {t('shell.language')}
      </Button>
    </Tooltip>
  );
}
