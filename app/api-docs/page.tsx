import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import type { Metadata } from 'next';
import { AppLink } from '@/components/links';
import { buildOpenApi } from '@/lib/api/openapi';
import { API_ROUTES } from '@/lib/api/routes';

export const metadata: Metadata = { title: 'API reference' };

type Json = Record<string, unknown>;
// Dark enough for white text at 4.5:1 (WCAG AA), in light and dark mode alike.
const COLORS: Record<string, string> = {
  get: '#01579b',
  post: '#1b5e20',
  patch: '#7a4100',
  delete: '#b71c1c',
};

function Schema({ schema }: { schema: unknown }) {
  return (
    // Focusable: a scrolling region must be reachable by keyboard.
    <Box
      component="pre"
      tabIndex={0}
      sx={{
        m: 0,
        p: 1,
        bgcolor: 'action.hover',
        borderRadius: 1,
        fontSize: 12,
        overflowX: 'auto',
        maxHeight: 320,
      }}
    >
      {JSON.stringify(schema, null, 2)}
    </Box>
  );
}

/**
 * A readable reference of /api/v1, rendered from the same OpenAPI document the API serves (itself built
 * from the route registry), so it is always the API that runs. Public, like the document.
 */
export default function ApiDocsPage() {
  const doc = buildOpenApi(API_ROUTES) as Json & { paths: Record<string, Record<string, Json>> };
  const ops = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ path, method, op })),
  );
  const tags = [...new Set(ops.map((o) => (o.op.tags as string[])[0]!))];
  return (
    // Long paths and JSON shapes break anywhere: at 390 px nothing may push the page sideways.
    <Box component="main" sx={{ maxWidth: 1100, mx: 'auto', p: { xs: 2, md: 4 }, overflowWrap: 'anywhere' }}>
      <Typography variant="h3" component="h1" gutterBottom>
        Pactum API reference
      </Typography>
      <Typography sx={{ mb: 1 }}>{(doc.info as Json).description as string}</Typography>
      <Typography sx={{ mb: 3 }}>
        Base URL <code>/api/v1</code> · machine-readable:{' '}
        <AppLink href="/api/v1/openapi.json">openapi.json</AppLink> (OpenAPI 3.1) · errors always have the
        shape <code>{'{ "error": { "code", "message", "fieldErrors"? } }'}</code>.
      </Typography>
      <Paper variant="outlined" sx={{ p: 2, mb: 4 }}>
        <Typography variant="h6" component="h2">
          Quick start
        </Typography>
        <Box component="pre" tabIndex={0} sx={{ fontSize: 13, overflowX: 'auto', m: 0 }}>
          {`curl -X POST /api/v1/tokens -H 'content-type: application/json' \\
  -d '{"email":"editor@demo.test","password":"demo1234","name":"ERP"}'
# → 201 {"token":"pct_…","expiresAt":"…"}

curl /api/v1/contracts?state=4 -H 'authorization: Bearer pct_…'
curl -X POST /api/v1/contracts/{id}/approve -H 'authorization: Bearer pct_…' \\
  -H 'idempotency-key: approve-42' -d '{"version":3}'`}
        </Box>
      </Paper>
      <Stack
        component="nav"
        aria-label="Sections"
        direction="row"
        spacing={1}
        sx={{ mb: 3, flexWrap: 'wrap', gap: 1 }}
      >
        {tags.map((tag) => (
          <AppLink key={tag} href={`#${tag.replace(/\s+/g, '-').toLowerCase()}`}>
            {tag}
          </AppLink>
        ))}
      </Stack>
      {tags.map((tag) => (
        <Box key={tag} component="section" sx={{ mb: 5 }}>
          <Typography variant="h4" component="h2" id={tag.replace(/\s+/g, '-').toLowerCase()} gutterBottom>
            {tag}
          </Typography>
          {ops
            .filter((o) => (o.op.tags as string[])[0] === tag)
            .map(({ path, method, op }) => {
              const params = (op.parameters as Json[]) ?? [];
              const responses = op.responses as Record<string, Json>;
              const ok = Object.entries(responses).find(([code]) => code.startsWith('2'));
              const body = (op.requestBody as Json | undefined)?.content as Record<string, Json> | undefined;
              return (
                <Paper
                  key={`${method} ${path}`}
                  variant="outlined"
                  sx={{ p: 2, mb: 2 }}
                  id={op.operationId as string}
                >
                  <Stack direction="row" sx={{ alignItems: 'center', mb: 1, flexWrap: 'wrap', gap: 1 }}>
                    <Chip
                      size="small"
                      sx={{ bgcolor: COLORS[method], color: '#fff', fontWeight: 700 }}
                      label={method.toUpperCase()}
                    />
                    <Typography component="h3" sx={{ fontFamily: 'monospace', fontWeight: 600, minWidth: 0 }}>
                      {path}
                    </Typography>
                    {(op.security as unknown[] | undefined)?.length === 0 && (
                      <Chip size="small" label="no token" />
                    )}
                  </Stack>
                  <Typography sx={{ mb: 1 }}>{op.summary as string}</Typography>
                  {params.length > 0 && (
                    // Focusable: a wide parameter table scrolls inside it, and the keyboard must reach it.
                    <TableContainer
                      tabIndex={0}
                      role="region"
                      aria-label={`Parameters of ${method.toUpperCase()} ${path}`}
                    >
                      <Table
                        size="small"
                        aria-label={`Parameters of ${method.toUpperCase()} ${path}`}
                        sx={{ mb: 1 }}
                      >
                        <TableHead>
                          <TableRow>
                            <TableCell>Parameter</TableCell>
                            <TableCell>In</TableCell>
                            <TableCell>Schema</TableCell>
                          </TableRow>
                        </TableHead>
                        <TableBody>
                          {params.map((p) => (
                            <TableRow key={`${p.in}-${p.name}`}>
                              <TableCell sx={{ fontFamily: 'monospace' }}>{p.name as string}</TableCell>
                              <TableCell>{p.in as string}</TableCell>
                              <TableCell sx={{ fontFamily: 'monospace', fontSize: 12 }}>
                                {JSON.stringify(p.schema)}
                                {p.description ? ` — ${p.description}` : ''}
                              </TableCell>
                            </TableRow>
                          ))}
                        </TableBody>
                      </Table>
                    </TableContainer>
                  )}
                  {body && (
                    <>
                      <Typography variant="subtitle2">Request body</Typography>
                      <Schema schema={body['application/json']?.schema} />
                    </>
                  )}
                  {ok && (
                    <>
                      <Typography variant="subtitle2" sx={{ mt: 1 }}>
                        {ok[0]} response
                      </Typography>
                      {ok[1].content ? (
                        <Schema
                          schema={(ok[1].content as Record<string, Json>)['application/json']?.schema}
                        />
                      ) : (
                        <Typography variant="body2">No content.</Typography>
                      )}
                    </>
                  )}
                  <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
                    Errors:{' '}
                    {Object.keys(responses)
                      .filter((c) => !c.startsWith('2'))
                      .join(', ')}
                  </Typography>
                </Paper>
              );
            })}
        </Box>
      ))}
    </Box>
  );
}
