'use client';
import { createContext, type ReactNode, useContext, useMemo } from 'react';
import { type Locale, type Translate, translate } from '@/lib/i18n/messages';

const I18nContext = createContext<{ locale: Locale; t: Translate }>({
  locale: 'en',
  t: (key, vars) => translate('en', key, vars),
});

export function I18nProvider({ locale, children }: { locale: Locale; children: ReactNode }) {
  const value = useMemo(
    () => ({ locale, t: ((key, vars) => translate(locale, key, vars)) as Translate }),
    [locale],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n() {
  return useContext(I18nContext);
}
