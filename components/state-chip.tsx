import Chip from '@mui/material/Chip';
import { stateLabel } from '@/lib/contracts/states';

const COLORS: Record<number, 'default' | 'primary' | 'secondary' | 'success' | 'warning' | 'error' | 'info'> =
  {
    1: 'default',
    2: 'default',
    3: 'info',
    4: 'warning',
    5: 'info',
    6: 'secondary',
    7: 'success',
    8: 'success',
    9: 'error',
    10: 'default',
    11: 'error',
  };

export function StateChip({ state, locale = 'en' }: { state: number; locale?: 'en' | 'fr' }) {
  return (
    <Chip
      size="small"
      variant="outlined"
      color={COLORS[state] ?? 'default'}
      label={stateLabel(state, locale)}
    />
  );
}
