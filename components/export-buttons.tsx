import DownloadIcon from '@mui/icons-material/Download';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import type { Translate } from '@/lib/i18n/messages';

/**
 * Export CSV / Export Excel for a page whose search lives in the URL: the same filters go to the
 * export route (page, size and sort do not apply). Plain links: a client-side Link would prefetch (and
 * so run) the export.
 */
export function ExportButtons({
  base,
  params,
  t,
}: {
  base: string;
  params: Record<string, string | string[] | undefined>;
  t: Translate;
}) {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (typeof v === 'string' && v && !['page', 'pageSize', 'sort', 'dir'].includes(k)) query.set(k, v);
  const href = (format: string) => `${base}?${new URLSearchParams({ ...Object.fromEntries(query), format })}`;
  return (
    <Stack direction="row" spacing={1}>
      <Button startIcon={<DownloadIcon />} href={href('csv')} download>
        {t('export.csv')}
      </Button>
      <Button startIcon={<DownloadIcon />} href={href('xlsx')} download>
        {t('export.xlsx')}
      </Button>
    </Stack>
  );
}
