'use client';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useRouter } from 'next/navigation';
import { useI18n } from '@/components/i18n';
import { actForAction } from './actions';

export function ActingForPicker({
  current,
  options,
}: {
  current: string;
  options: { id: string; label: string }[];
}) {
  const router = useRouter();
  const { t } = useI18n();
  if (options.length <= 1)
    return (
      <Typography
        variant="body2"
        noWrap
        sx={{ mr: 2, minWidth: 0, maxWidth: { xs: 140, sm: 'none' } }}
        data-testid="acting-for"
      >
        {options[0]?.label}
      </Typography>
    );
  return (
    <TextField
      select
      size="small"
      label={t('portal.actingFor')}
      value={current}
      onChange={async (e) => {
        const r = await actForAction(e.target.value);
        // Back to the list: a contract of the previous policy holder is not this one's.
        if (r.ok) router.push('/portal');
        router.refresh();
      }}
      fullWidth={false}
      sx={{
        mr: { xs: 0.5, sm: 2 },
        width: { xs: 150, sm: 260 },
        flexShrink: 1,
        '& .MuiInputBase-root': { color: 'inherit', bgcolor: 'rgba(255,255,255,0.12)' },
        '& .MuiInputLabel-root, & .MuiSvgIcon-root': { color: 'inherit' },
      }}
    >
      {options.map((o) => (
        <MenuItem key={o.id} value={o.id}>
          {o.label}
        </MenuItem>
      ))}
    </TextField>
  );
}
