'use client';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { DateInput } from '@/components/date-input';
import { useI18n } from '@/components/i18n';
import type { TestCaseResult } from '@/lib/calculation/premium-rule';
import type { RuleVersionDto } from '@/lib/premium-rules/rules';
import {
  exportRateTableXlsxAction,
  importRateTableAction,
  importRateTableXlsxAction,
  previewRuleAction,
  saveRuleVersionAction,
} from '../actions';
import { type EditorState, EMPTY_STATE, fromDefinition, parsePairs, toDefinition } from './editor-model';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A file's bytes as base64, to reach a server action as a plain string. */
async function toBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

type Preview = { amount: string; rounded: string; lines: string[]; testResults: TestCaseResult[] };

/** Shows the formula with a caret under the position the server named ("… at position 12"). */
function Caret({ formula, message }: { formula: string; message: string }) {
  const m = /at position (\d+)/.exec(message);
  if (!m) return null;
  const at = Number(m[1]) - 1;
  return (
    <Box
      component="pre"
      aria-hidden
      sx={{ m: 0, fontFamily: 'monospace', fontSize: 14, color: 'error.main' }}
    >
      {formula}
      {'\n'}
      {`${' '.repeat(Math.max(0, at))}^`}
    </Box>
  );
}

/**
 * The rule editor: inputs, rate tables (CSV text, or a CSV file), formula, test cases; a preview that
 * explains the premium line by line; save as a draft (the test cases run on save). Opening a published
 * version starts a new draft from it: a published version never changes.
 */
export function RuleEditor({
  ruleId,
  base,
  canWrite,
  saved,
}: {
  ruleId: string;
  base: RuleVersionDto | null;
  canWrite: boolean;
  /** Just saved (the page reopened on the saved version). */
  saved?: boolean;
}) {
  const router = useRouter();
  const { t, tm } = useI18n();
  const draft = base?.status === 'draft' ? base : null;
  const [s, setS] = useState<EditorState>(
    base ? fromDefinition(base.validFrom, base.definition) : EMPTY_STATE,
  );
  const [previewText, setPreviewText] = useState('age=40; gender=F; familySize=1; income=2000');
  const [preview, setPreview] = useState<Preview | null>(null);
  const [results, setResults] = useState<TestCaseResult[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [notice, setNotice] = useState<string | null>(saved ? t('rules.saved') : null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof EditorState>(k: K, v: EditorState[K]) => setS((x) => ({ ...x, [k]: v }));
  const fail = (r: { error: string; fieldErrors?: Record<string, string[]> }) => {
    setError(r.error);
    setFieldErrors(r.fieldErrors ?? {});
    setNotice(null);
  };
  const formulaError = fieldErrors.formula?.[0] ?? fieldErrors['definition.formula']?.[0];

  const runPreview = async () => {
    setBusy(true);
    const r = await previewRuleAction({ definition: toDefinition(s), inputs: parsePairs(previewText) });
    setBusy(false);
    if (r.ok) {
      setPreview(r.data);
      setResults(r.data.testResults);
      setError(null);
      setFieldErrors({});
    } else {
      setPreview(null);
      fail(r);
    }
  };
  const save = async (asNew: boolean) => {
    setBusy(true);
    const r = await saveRuleVersionAction({
      ruleId,
      ...(draft && !asNew ? { id: draft.id, version: draft.version } : {}),
      validFrom: s.validFrom,
      definition: toDefinition(s),
    });
    setBusy(false);
    if (r.ok) {
      setResults(r.data.testResults);
      setError(null);
      setFieldErrors({});
      setNotice(t('rules.saved'));
      router.replace(`?version=${r.data.id}&saved=1#editor`);
      router.refresh();
    } else fail(r);
  };
  const kindsOf = (i: number) =>
    s.tables[i]!.kinds.split(/[,;\s]+/).filter(Boolean) as ('band' | 'category')[];
  const importCsv = async (i: number, file: File | undefined) => {
    if (!file) return;
    const table = s.tables[i]!;
    const kinds = kindsOf(i);
    const r = /\.xlsx$/i.test(file.name)
      ? await importRateTableXlsxAction({ name: table.name, xlsx: await toBase64(file), kinds })
      : await importRateTableAction({ name: table.name, csv: await file.text(), kinds });
    if (!r.ok) return fail(r);
    const next = fromDefinition('', { inputs: [], tables: [r.data], formula: '1', testCases: [] }).tables[0]!;
    set(
      'tables',
      s.tables.map((x, j) => (j === i ? { ...x, csv: next.csv } : x)),
    );
  };

  const exportXlsx = async (i: number) => {
    const table = s.tables[i]!;
    const r = await exportRateTableXlsxAction({ name: table.name, csv: table.csv, kinds: kindsOf(i) });
    if (!r.ok) return fail(r);
    const a = document.createElement('a');
    a.href = `data:${XLSX_TYPE};base64,${r.data}`;
    a.download = `${table.name || 'table'}.xlsx`;
    a.click();
  };

  return (
    <Paper variant="outlined" sx={{ p: 2 }} id="editor" component="section" aria-labelledby="editor-title">
      <Typography variant="h6" component="h2" id="editor-title" sx={{ mb: 1 }}>
        {t('rules.editor')} · {draft ? t('rules.editing', { number: draft.number }) : t('rules.editingNew')}
      </Typography>
      <Stack spacing={2}>
        {error && <Alert severity="error">{error}</Alert>}
        {notice && <Alert severity="success">{notice}</Alert>}
        <Box sx={{ maxWidth: 240 }}>
          <DateInput
            label={t('rules.validFrom')}
            value={s.validFrom}
            onChange={(iso) => set('validFrom', iso)}
            error={!!fieldErrors.validFrom}
            helperText={fieldErrors.validFrom?.[0]}
          />
        </Box>
        <Typography variant="subtitle1" component="h3">
          {t('rules.inputs')}
        </Typography>
        <Typography variant="body2" color="text.secondary">
          {t('rules.inputsHelp')}
        </Typography>
        {s.inputs.map((input, i) => {
          const change = (patch: Partial<typeof input>) =>
            set(
              'inputs',
              s.inputs.map((x, j) => (j === i ? { ...x, ...patch } : x)),
            );
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place, never reordered
            <Stack key={i} direction={{ xs: 'column', md: 'row' }} spacing={1} sx={{ alignItems: 'center' }}>
              <TextField
                size="small"
                label={t('rules.inputName')}
                value={input.name}
                onChange={(e) => change({ name: e.target.value })}
              />
              <TextField
                size="small"
                label={t('rules.inputLabel')}
                value={input.label}
                onChange={(e) => change({ label: e.target.value })}
              />
              <TextField
                select
                size="small"
                label={t('rules.inputKind')}
                value={input.kind}
                onChange={(e) => change({ kind: e.target.value as typeof input.kind })}
                sx={{ minWidth: 120 }}
              >
                {['decimal', 'integer', 'text', 'boolean'].map((k) => (
                  <MenuItem key={k} value={k}>
                    {k}
                  </MenuItem>
                ))}
              </TextField>
              <TextField
                select
                size="small"
                label={t('rules.inputSource')}
                value={input.source}
                onChange={(e) => change({ source: e.target.value as typeof input.source })}
                sx={{ minWidth: 120 }}
              >
                {['insuree', 'plan'].map((k) => (
                  <MenuItem key={k} value={k}>
                    {k}
                  </MenuItem>
                ))}
              </TextField>
              <FormControlLabel
                control={
                  <Checkbox
                    checked={input.required}
                    onChange={(e) => change({ required: e.target.checked })}
                  />
                }
                label={t('rules.inputRequired')}
              />
              <Button
                size="small"
                onClick={() =>
                  set(
                    'inputs',
                    s.inputs.filter((_, j) => j !== i),
                  )
                }
              >
                {t('rules.remove')}
              </Button>
            </Stack>
          );
        })}
        <Box>
          <Button
            size="small"
            onClick={() =>
              set('inputs', [
                ...s.inputs,
                { name: '', label: '', kind: 'decimal', source: 'insuree', required: true },
              ])
            }
          >
            {t('rules.addInput')}
          </Button>
        </Box>
        <Typography variant="subtitle1" component="h3">
          {t('rules.tables')}
        </Typography>
        {s.tables.map((table, i) => {
          const change = (patch: Partial<typeof table>) =>
            set(
              'tables',
              s.tables.map((x, j) => (j === i ? { ...x, ...patch } : x)),
            );
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place, never reordered
            <Stack key={i} spacing={1} sx={{ borderLeft: 3, borderColor: 'divider', pl: 2 }}>
              <Stack direction={{ xs: 'column', md: 'row' }} spacing={1}>
                <TextField
                  size="small"
                  label={t('rules.tableName')}
                  value={table.name}
                  onChange={(e) => change({ name: e.target.value })}
                />
                <TextField
                  size="small"
                  label={t('rules.tableKinds')}
                  helperText="band, category"
                  value={table.kinds}
                  onChange={(e) => change({ kinds: e.target.value })}
                />
                <Button size="small" component="label">
                  {t('rules.importCsv')}
                  <input
                    hidden
                    type="file"
                    accept={`.csv,text/csv,.xlsx,${XLSX_TYPE}`}
                    onChange={(e) => importCsv(i, e.target.files?.[0])}
                  />
                </Button>
                <Button size="small" onClick={() => exportXlsx(i)}>
                  {t('rules.exportXlsx')}
                </Button>
                <Button
                  size="small"
                  href={`data:text/csv;charset=utf-8,${encodeURIComponent(table.csv)}`}
                  download={`${table.name || 'table'}.csv`}
                >
                  {t('rules.exportCsv')}
                </Button>
                <Button
                  size="small"
                  onClick={() =>
                    set(
                      'tables',
                      s.tables.filter((_, j) => j !== i),
                    )
                  }
                >
                  {t('rules.remove')}
                </Button>
              </Stack>
              <TextField
                multiline
                minRows={3}
                label={t('rules.tableCsv')}
                value={table.csv}
                onChange={(e) => change({ csv: e.target.value })}
                slotProps={{ htmlInput: { style: { fontFamily: 'monospace' } } }}
              />
            </Stack>
          );
        })}
        {fieldErrors.tables && <Alert severity="error">{fieldErrors.tables[0]}</Alert>}
        <Box>
          <Button
            size="small"
            onClick={() => set('tables', [...s.tables, { name: '', kinds: 'band', csv: 'key,value\n' }])}
          >
            {t('rules.addTable')}
          </Button>
        </Box>
        <TextField
          label={t('rules.formula')}
          multiline
          value={s.formula}
          onChange={(e) => set('formula', e.target.value)}
          error={!!formulaError}
          helperText={formulaError ?? t('rules.formulaHelp')}
          slotProps={{ htmlInput: { style: { fontFamily: 'monospace' } } }}
        />
        {formulaError && <Caret formula={s.formula} message={formulaError} />}
        <Typography variant="subtitle1" component="h3">
          {t('rules.testCases')}
        </Typography>
        {s.cases.map((c, i) => {
          const change = (patch: Partial<typeof c>) =>
            set(
              'cases',
              s.cases.map((x, j) => (j === i ? { ...x, ...patch } : x)),
            );
          const result = results?.[i];
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place, never reordered
            <Stack key={i} direction={{ xs: 'column', md: 'row' }} spacing={1} sx={{ alignItems: 'center' }}>
              <TextField
                size="small"
                label={t('rules.caseName')}
                value={c.name}
                onChange={(e) => change({ name: e.target.value })}
              />
              <TextField
                size="small"
                label={t('rules.caseInputs')}
                value={c.inputs}
                onChange={(e) => change({ inputs: e.target.value })}
                sx={{ flex: 1, minWidth: 280 }}
              />
              <TextField
                size="small"
                label={t('rules.caseExpected')}
                value={c.expected}
                onChange={(e) => change({ expected: e.target.value })}
                sx={{ maxWidth: 160 }}
              />
              {result && (
                <Typography
                  variant="body2"
                  color={result.passed ? 'success.main' : 'error'}
                  data-testid="case-result"
                >
                  {result.passed
                    ? t('rules.result.pass')
                    : `${t('rules.result.fail')}: ${tm(result.error) ?? result.actual}`}
                </Typography>
              )}
              <Button
                size="small"
                onClick={() =>
                  set(
                    'cases',
                    s.cases.filter((_, j) => j !== i),
                  )
                }
              >
                {t('rules.remove')}
              </Button>
            </Stack>
          );
        })}
        <Box>
          <Button
            size="small"
            onClick={() => set('cases', [...s.cases, { name: '', inputs: '', expected: '' }])}
          >
            {t('rules.addCase')}
          </Button>
        </Box>
        <Stack direction={{ xs: 'column', md: 'row' }} spacing={1} sx={{ alignItems: 'center' }}>
          <TextField
            size="small"
            label={t('rules.previewInputs')}
            value={previewText}
            onChange={(e) => setPreviewText(e.target.value)}
            sx={{ flex: 1 }}
          />
          <Button variant="outlined" onClick={runPreview} disabled={busy}>
            {t('rules.preview')}
          </Button>
        </Stack>
        {preview && (
          <Alert severity="info" role="status">
            <strong>{t('rules.previewAmount', { amount: preview.rounded, raw: preview.amount })}</strong>
            <Box component="ul" sx={{ m: 0, pl: 2 }}>
              {preview.lines.map((l, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place, never reordered
                <li key={i}>
                  <code>{l}</code>
                </li>
              ))}
            </Box>
          </Alert>
        )}
        {canWrite && (
          <Stack direction="row" spacing={1}>
            {draft && (
              <Button variant="contained" loading={busy} onClick={() => save(false)}>
                {t('rules.saveDraft')}
              </Button>
            )}
            <Button variant={draft ? 'outlined' : 'contained'} loading={busy} onClick={() => save(true)}>
              {t('rules.saveNew')}
            </Button>
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
