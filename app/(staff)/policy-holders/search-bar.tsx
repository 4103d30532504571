'use client';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { useUrlState } from '@/components/url-state';

export function PolicyHolderSearchBar() {
  const { params, update } = useUrlState();
  const [q, setQ] = useState(params.get('q') ?? '');
  return (
    <Stack
      component="form"
      role="search"
      direction="row"
      spacing={1}
      sx={{ mb: 2 }}
      onSubmit={(e) => {
        e.preventDefault();
        update({ q: q.trim() });
      }}
    >
      <TextField
        label="Code or name"
        value={q}
        onChange={(e) => setQ(e.target.value)}
        sx={{ maxWidth: 360 }}
      />
      <Button type="submit" variant="contained">
        Search
      </Button>
      <Button
        onClick={() => {
          setQ('');
          update({ q: null, sort: null, dir: null, pageSize: null });
        }}
      >
        Reset
      </Button>
    </Stack>
  );
}
