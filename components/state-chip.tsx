import Chip from '@mui/material/Chip';
import { stateLabel } from '@/lib/contracts/states';

type Tone = 'default' | 'primary' | 'secondary' | 'success' | 'warning' | 'error' | 'info';
const TONES: Record<number, Tone> = {
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
  const tone = TONES[state] ?? 'default';
  // The colour is on the border only: coloured text on a light background fails WCAG contrast.
  return (
    <Chip
      size="small"
      variant="outlined"
      label={stateLabel(state, locale)}
      sx={{
        color: 'text.primary',
        borderWidth: 2,
        borderColor: tone === 'default' ? 'divider' : `${tone}.main`,
      }}
    />
  );
}
