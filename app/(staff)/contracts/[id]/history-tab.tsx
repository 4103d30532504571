import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import Typography from '@mui/material/Typography';
import type { HistoryEntry } from '@/lib/contracts/queries';
import { stateLabel } from '@/lib/contracts/states';

const OPS: Record<string, string> = {
  create: 'Created',
  update: 'Updated',
  submit: 'Submitted',
  counter: 'Sent back for changes',
  approve: 'Approved',
  amend: 'Amended',
  create_amendment: 'Amendment created',
  renew: 'Renewal created',
  terminate: 'Terminated',
  record_payment: 'Receipt recorded',
  create_invoice: 'Invoice created',
  add_detail: 'Insured person added',
  update_detail: 'Insured person changed',
  remove_detail: 'Insured person removed',
  delete: 'Deleted',
};

const show = (field: string | null, v: string | null) => {
  if (v === null) return '∅';
  if (field === 'state') return stateLabel(Number(v));
  return v.length > 80 ? `${v.slice(0, 77)}…` : v;
};

/** "Who changed which field from what to what, when", newest first, one block per operation. */
export function HistoryTab({ history }: { history: HistoryEntry[] }) {
  if (!history.length) return <Typography color="text.secondary">No history yet.</Typography>;
  return (
    <List aria-label="History">
      {history.map((h) => (
        <ListItem key={h.operationId} divider sx={{ display: 'block' }}>
          <Typography variant="subtitle2">
            {OPS[h.operation] ?? h.operation} · {h.actorName ?? 'System'} ({h.source}) ·{' '}
            {new Date(h.at).toLocaleString('en-GB', { timeZone: 'UTC' })} UTC
          </Typography>
          {h.changes
            .filter((c) => c.field)
            .map((c) => (
              <Typography key={c.id} variant="body2" color="text.secondary">
                {c.entity === 'contract_detail' ? 'insured person · ' : ''}
                {c.field}: {show(c.field, c.oldValue)} → {show(c.field, c.newValue)}
              </Typography>
            ))}
        </ListItem>
      ))}
    </List>
  );
}
