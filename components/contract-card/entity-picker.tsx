'use client';
import Autocomplete from '@mui/material/Autocomplete';
import TextField from '@mui/material/TextField';
import { useEffect, useState } from 'react';

export type PickerOption = { id: string; label: string };

/** Type-ahead picker over a server search action. */
export function EntityPicker({
  label,
  value,
  onChange,
  search,
  disabled,
  error,
  helperText,
}: {
  label: string;
  value: PickerOption | null;
  onChange: (v: PickerOption | null) => void;
  search: (q: string) => Promise<PickerOption[]>;
  disabled?: boolean;
  error?: boolean;
  helperText?: string;
}) {
  const [options, setOptions] = useState<PickerOption[]>(value ? [value] : []);
  const [input, setInput] = useState('');
  useEffect(() => {
    if (disabled) return;
    let live = true;
    const t = setTimeout(async () => {
      const found = await search(input);
      if (live) setOptions(found);
    }, 250);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [input, search, disabled]);
  return (
    <Autocomplete
      value={value}
      options={options}
      disabled={disabled}
      filterOptions={(x) => x}
      getOptionLabel={(o) => o.label}
      isOptionEqualToValue={(a, b) => a.id === b.id}
      onInputChange={(_, v) => setInput(v)}
      onChange={(_, v) => onChange(v)}
      renderInput={(params) => <TextField {...params} label={label} error={error} helperText={helperText} />}
    />
  );
}
