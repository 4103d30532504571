'use client';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { useUrlState } from './url-state';

export type UrlSelect = { param: string; label: string; options: { value: string; label: string }[] };

/** A text search (and optional selects) kept in the URL. */
export function UrlSearchBar({
  label,
  param = 'q',
  selects = [],
}: {
  label: string;
  param?: string;
  selects?: UrlSelect[];
}) {
  const { params, update } = useUrlState();
  const [q, setQ] = useState(params.get(param) ?? '');
  const [sel, setSel] = useState(() =>
    Object.fromEntries(selects.map((s) => [s.param, params.get(s.param) ?? ''])),
  );
  return (
    <Stack
      component="form"
      role="search"
      direction="row"
      spacing={1}
      sx={{ mb: 2 }}
      onSubmit={(e) => {
        e.preventDefault();
        update({ [param]: q.trim(), ...sel });
      }}
    >
      <TextField label={label} value={q} onChange={(e) => setQ(e.target.value)} sx={{ maxWidth: 360 }} />
      {selects.map((s) => (
        <TextField
          key={s.param}
          select
          label={s.label}
          value={sel[s.param]}
          onChange={(e) => setSel((v) => ({ ...v, [s.param]: e.target.value }))}
          sx={{ maxWidth: 220 }}
        >
          {s.options.map((o) => (
            <MenuItem key={o.value} value={o.value}>
              {o.label}
            </MenuItem>
          ))}
        </TextField>
      ))}
      <Button type="submit" variant="contained">
        Search
      </Button>
      <Button
        onClick={() => {
          setQ('');
          setSel(Object.fromEntries(selects.map((s) => [s.param, ''])));
          update({ [param]: null, ...Object.fromEntries(selects.map((s) => [s.param, null])) });
        }}
      >
        Reset
      </Button>
    </Stack>
  );
}
