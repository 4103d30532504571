'use client';
import Card from '@mui/material/Card';
import CardActionArea from '@mui/material/CardActionArea';
import CardContent from '@mui/material/CardContent';
import Typography from '@mui/material/Typography';
import NextLink from 'next/link';
import type { ReactNode } from 'react';

/**
 * A dashboard figure that opens the search or register listing exactly what it counts. The whole tile
 * is the link (its accessible name is the label and the figure), so a keyboard user tabs from tile to tile.
 */
export function LinkTile({
  href,
  label,
  value,
  detail,
  tone,
}: {
  href: string;
  label: string;
  value: ReactNode;
  detail?: ReactNode;
  tone?: 'warning' | 'error' | 'info' | 'success';
}) {
  return (
    <Card
      variant="outlined"
      sx={{
        borderLeftWidth: tone ? 4 : 1,
        borderLeftColor: tone ? `${tone}.main` : 'divider',
        height: '100%',
      }}
    >
      <CardActionArea component={NextLink} href={href} sx={{ height: '100%' }}>
        <CardContent>
          <Typography variant="body2" color="text.secondary" component="div">
            {label}
          </Typography>
          <Typography variant="h5" component="div" sx={{ fontWeight: 600, overflowWrap: 'anywhere' }}>
            {value}
          </Typography>
          {detail && (
            <Typography variant="body2" color="text.secondary" component="div">
              {detail}
            </Typography>
          )}
        </CardContent>
      </CardActionArea>
    </Card>
  );
}
