'use client';
import { AdapterDayjs } from '@mui/x-date-pickers/AdapterDayjs';
import { DatePicker } from '@mui/x-date-pickers/DatePicker';
import { LocalizationProvider } from '@mui/x-date-pickers/LocalizationProvider';
import { frFR } from '@mui/x-date-pickers/locales';
import dayjs, { type Dayjs } from 'dayjs';
import 'dayjs/locale/en-gb';
import 'dayjs/locale/fr';
import { type ReactNode, type Ref, useState } from 'react';
import { type Control, type FieldPath, type FieldValues, useController } from 'react-hook-form';
import type { Locale } from '@/lib/i18n/messages';
import { useI18n } from './i18n';

/**
 * Issue 15, "one format per language, including the inputs": a native `<input type="date">` follows
 * the browser's language, so a French card showed 12/31/2027 beside 26/11/2026. Every date input is this
 * picker instead: it shows the format `formatDate` (lib/format.ts) prints in the reader's language, and
 * what it hands to the form, the URL and the server is always ISO (YYYY-MM-DD).
 */
export const DATE_FORMAT: Record<Locale, string> = { en: 'YYYY-MM-DD', fr: 'DD/MM/YYYY' };

/** What a typed but incomplete or impossible date becomes: not ISO, so the shared zod schema rejects it. */
export const INVALID_DATE = 'invalid';

export function DateLocalization({ locale, children }: { locale: Locale; children: ReactNode }) {
  return (
    <LocalizationProvider
      dateAdapter={AdapterDayjs}
      // en-gb: weeks start on Monday, as in France and in the rest of the application's calendar.
      adapterLocale={locale === 'fr' ? 'fr' : 'en-gb'}
      localeText={
        locale === 'fr' ? frFR.components.MuiLocalizationProvider.defaultProps.localeText : undefined
      }
    >
      {children}
    </LocalizationProvider>
  );
}

function parse(iso: string | null | undefined): Dayjs | null {
  if (!iso || !/^\d{4}-\d{2}-\d{2}$/.test(iso)) return null;
  const d = dayjs(iso, 'YYYY-MM-DD');
  return d.isValid() ? d : null;
}

function toIso(d: Dayjs | null): string {
  if (!d) return '';
  return d.isValid() ? d.format('YYYY-MM-DD') : INVALID_DATE;
}

export type DateInputProps = {
  label: string;
  /** ISO date (YYYY-MM-DD) or '' for none. */
  value: string | null | undefined;
  onChange: (iso: string) => void;
  onBlur?: () => void;
  /** With a name, an `<input type="hidden">` carries the ISO value, for forms posted or read natively. */
  name?: string;
  inputRef?: Ref<HTMLInputElement>;
  error?: boolean;
  helperText?: ReactNode;
  readOnly?: boolean;
  disabled?: boolean;
  required?: boolean;
  variant?: 'outlined' | 'filled' | 'standard';
  size?: 'small' | 'medium';
  fullWidth?: boolean;
  /** ISO bounds the calendar offers; the server keeps checking them. */
  min?: string;
  max?: string;
};

/**
 * A localized date picker: keyboard entry section by section (digits fill day, month and year in the
 * order of the language's format), a calendar button, and an ISO value out. The typed text is kept while it
 * is incomplete (the form receives INVALID_DATE, never a silently emptied field) and is replaced only when
 * the value changes from outside (a reset, a reload after saving).
 */
export function DateInput({
  label,
  value,
  onChange,
  onBlur,
  name,
  inputRef,
  error,
  helperText,
  readOnly,
  disabled,
  required,
  variant,
  size,
  fullWidth,
  min,
  max,
}: DateInputProps) {
  const { locale } = useI18n();
  const outside = value ?? '';
  const [inner, setInner] = useState<Dayjs | null>(() => parse(outside));
  const [seen, setSeen] = useState(outside);
  // A new value from outside (not the echo of what was typed) replaces the typed text.
  if (outside !== seen) {
    setSeen(outside);
    if (outside !== toIso(inner)) setInner(parse(outside));
  }
  return (
    <>
      <DatePicker
        label={label}
        value={inner}
        format={DATE_FORMAT[locale]}
        onChange={(d) => {
          setInner(d);
          const iso = toIso(d);
          setSeen(iso);
          if (iso !== outside) onChange(iso);
        }}
        readOnly={readOnly}
        disabled={disabled}
        minDate={parse(min) ?? undefined}
        maxDate={parse(max) ?? undefined}
        inputRef={inputRef}
        slotProps={{
          // A read-only date is a value to read, not a calendar to open.
          openPickerButton: readOnly ? { sx: { display: 'none' } } : undefined,
          textField: {
            error,
            helperText,
            required,
            variant,
            size,
            fullWidth,
            onBlur,
          },
        }}
      />
      {name && <input type="hidden" name={name} value={toIso(inner)} />}
    </>
  );
}

/** The picker bound to a react-hook-form field (dirty state, validation, reset and `setError` included). */
export function FormDateInput<T extends FieldValues>({
  control,
  name,
  ...rest
}: {
  // The form's transformed (parsed) values are not this field's business: any output type fits.
  // biome-ignore lint/suspicious/noExplicitAny: react-hook-form's third Control parameter
  control: Control<T, any, any>;
  name: FieldPath<T>;
} & Omit<DateInputProps, 'value' | 'onChange' | 'onBlur' | 'name' | 'inputRef'>) {
  const { field } = useController({ control, name });
  return (
    <DateInput
      {...rest}
      value={field.value as string | null | undefined}
      onChange={field.onChange}
      onBlur={field.onBlur}
      inputRef={field.ref}
    />
  );
}

/** For a plain `<form>` (a GET search form of a server page): the ISO value is posted under `name`. */
export function NamedDateInput({
  name,
  defaultValue,
  ...rest
}: { name: string; defaultValue?: string } & Omit<DateInputProps, 'value' | 'onChange' | 'name'>) {
  const [value, setValue] = useState(defaultValue ?? '');
  return <DateInput {...rest} name={name} value={value} onChange={setValue} />;
}
