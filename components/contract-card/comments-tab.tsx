import AttachFile from '@mui/icons-material/AttachFile';
import Chip from '@mui/material/Chip';
import Link from '@mui/material/Link';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { Fragment, type ReactNode } from 'react';
import type { CommentDto } from '@/lib/comments/comments';
import { formatDateTime, type Locale } from '@/lib/format';
import type { MessageKey, Translate } from '@/lib/i18n/messages';
import { CommentForm } from './comment-form';

const URL_RE = /\bhttps?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]]/g;

/**
 * Plain text as typed: line breaks kept (pre-wrap), http(s) links made clickable, and everything else
 * rendered as React text, so markup in a comment is shown, never interpreted.
 */
export function CommentText({ body }: { body: string }) {
  const parts: ReactNode[] = [];
  let last = 0;
  for (const m of body.matchAll(URL_RE)) {
    const at = m.index ?? 0;
    if (at > last) parts.push(body.slice(last, at));
    parts.push(
      <Link key={at} href={m[0]} target="_blank" rel="noopener noreferrer nofollow">
        {m[0]}
      </Link>,
    );
    last = at + m[0].length;
  }
  if (last < body.length) parts.push(body.slice(last));
  return (
    <Typography component="div" sx={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
      {parts.map((p, i) => (
        <Fragment key={typeof p === 'string' ? `t${i}` : `l${i}`}>{p}</Fragment>
      ))}
    </Typography>
  );
}

/** The thread, oldest first (newest last, as in a conversation), and the form to add to it. */
export function CommentsTab({
  contractId,
  comments,
  canPost,
  canPostInternal,
  t,
  locale,
}: {
  contractId: string;
  comments: CommentDto[];
  canPost: boolean;
  canPostInternal: boolean;
  t: Translate;
  locale: Locale;
}) {
  return (
    <Stack spacing={2}>
      {comments.length === 0 && <Typography color="text.secondary">{t('comments.none')}</Typography>}
      <Stack
        component="ol"
        spacing={1.5}
        aria-label={t('comments.label')}
        sx={{ listStyle: 'none', p: 0, m: 0 }}
      >
        {comments.map((c) => (
          <Paper
            component="li"
            key={c.id}
            variant="outlined"
            data-testid="comment"
            sx={{
              p: 1.5,
              ml: c.side === 'policy_holder' ? 0 : { sm: 6 },
              mr: c.side === 'policy_holder' ? { sm: 6 } : 0,
              // A tint of the warning colour over the paper, not `warning.light` (white text on light
              // amber was 1.7:1 in dark mode): the text keeps the scheme's own colours, ≥ 4.5:1 in both.
              bgcolor: c.internal
                ? 'rgba(var(--mui-palette-warning-mainChannel) / 0.12)'
                : c.side === 'insurer'
                  ? 'action.hover'
                  : 'background.paper',
              borderLeft: c.internal ? '4px solid' : undefined,
              borderLeftColor: c.internal ? 'warning.main' : undefined,
              opacity: c.inherited ? 0.85 : 1,
            }}
          >
            <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap', mb: 0.5 }}>
              <Typography component="span" sx={{ fontWeight: 600 }}>
                {c.authorName}
              </Typography>
              <Chip
                size="small"
                label={c.side === 'insurer' ? t('comments.insurer') : t('comments.policyHolder')}
                color={c.side === 'insurer' ? 'primary' : 'secondary'}
                variant="outlined"
                // The side's colour on the border; the text keeps 4.5:1 (secondary text was 4.31:1, axe).
                sx={{ color: 'text.primary' }}
              />
              {c.internal && (
                <Chip
                  size="small"
                  variant="outlined"
                  label={t('comments.internalChip')}
                  sx={{ color: 'text.primary', borderWidth: 2, borderColor: 'warning.main' }}
                />
              )}
              {c.operation && (
                <Typography component="span" variant="body2" color="text.secondary">
                  {t('comments.with', { operation: t(`action.${c.operation}` as MessageKey) })}
                </Typography>
              )}
              {c.inherited && (
                <Typography component="span" variant="body2" color="text.secondary">
                  · {t('comments.inherited')}
                </Typography>
              )}
              <Typography component="span" variant="body2" color="text.secondary" sx={{ ml: 'auto' }}>
                <time dateTime={c.createdAt.toISOString()}>{formatDateTime(c.createdAt, locale)}</time>
              </Typography>
            </Stack>
            <CommentText body={c.body} />
            {c.files.length > 0 && (
              <Stack
                component="ul"
                aria-label={t('comments.attachments')}
                direction="row"
                spacing={1}
                useFlexGap
                sx={{ listStyle: 'none', p: 0, m: 0, mt: 1, flexWrap: 'wrap' }}
              >
                {c.files.map((f) => (
                  <li key={f.id}>
                    <Chip
                      size="small"
                      variant="outlined"
                      icon={<AttachFile />}
                      component="a"
                      href={`/api/files/${f.id}`}
                      download
                      clickable
                      label={`${f.fileName} (${Math.max(1, Math.round(f.size / 1024))} KB)`}
                    />
                  </li>
                ))}
              </Stack>
            )}
          </Paper>
        ))}
      </Stack>
      {canPost && <CommentForm contractId={contractId} canPostInternal={canPostInternal} />}
    </Stack>
  );
}
