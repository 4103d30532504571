'use client';
import { createContext, type ReactNode, useContext, useMemo } from 'react';
import { localize } from '@/lib/i18n/localize';
import { type Locale, type Translate, translate } from '@/lib/i18n/messages';
import { DateLocalization } from './date-input';

type TranslateMessage = {
  (message: string): string;
  (message: string | undefined): string | undefined;
};

const I18nContext = createContext<{ locale: Locale; t: Translate; tm: TranslateMessage }>({
  locale: 'en',
  t: (key, ...args) => translate('en', key, ...args),
  tm: ((m) => (m === undefined ? m : localize(m, 'en'))) as TranslateMessage,
});

export function I18nProvider({ locale, children }: { locale: Locale; children: ReactNode }) {
  const value = useMemo(
    () => ({
      locale,
      t: ((key, ...args) => translate(locale, key, ...args)) as Translate,
      // Validation messages of the shared zod schemas (keyed), shown beside fields before the server is asked.
      tm: ((m) => (m === undefined ? m : localize(m, locale))) as TranslateMessage,
    }),
    [locale],
  );
  return (
    <I18nContext.Provider value={value}>
      <DateLocalization locale={locale}>{children}</DateLocalization>
    </I18nContext.Provider>
  );
}

export function useI18n() {
  return useContext(I18nContext);
}
