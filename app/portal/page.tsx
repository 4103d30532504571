import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { Metadata } from 'next';
import { getDb } from '@/db/client';
import { requirePortalPage } from '@/lib/auth/session';
import { getPolicyHolder } from '@/lib/policy-holders/policy-holders';

export const metadata: Metadata = { title: 'Portal' };

export default async function PortalHome() {
  const actor = await requirePortalPage();
  const holders = await Promise.all(actor.policyHolderIds.map((id) => getPolicyHolder(getDb(), actor, id)));
  return (
    <Stack spacing={2}>
      <Typography variant="h4" component="h1">
        Welcome, {actor.name}
      </Typography>
      <Typography color="text.secondary">You act for the following policy holder(s).</Typography>
      {holders.map((ph) => (
        <Card key={ph.id} variant="outlined">
          <CardContent>
            <Typography variant="h6" component="h2">
              {ph.tradeName}
            </Typography>
            <Typography color="text.secondary">
              {ph.code} · {ph.contactName ?? '—'} · {ph.email ?? '—'}
            </Typography>
          </CardContent>
        </Card>
      ))}
    </Stack>
  );
}
