'use client';
import { BarChart } from '@mui/x-charts/BarChart';

/*
 * The dashboard's two charts (MUI X Charts, community edition). They are pictures of figures the page
 * also gives as links and as a table, so a screen reader loses nothing: the SVG is hidden from it.
 */

export function StateChart({ states, label }: { states: { label: string; count: number }[]; label: string }) {
  return (
    // inert: the chart's SVG is focusable, and focusable content must not hide from screen readers (axe).
    <div aria-hidden="true" inert>
      <BarChart
        height={Math.max(120, states.length * 34 + 40)}
        layout="horizontal"
        yAxis={[{ scaleType: 'band', data: states.map((s) => s.label), width: 150 }]}
        series={[{ data: states.map((s) => s.count), label }]}
        hideLegend
        margin={{ left: 8, right: 16, top: 8, bottom: 8 }}
      />
    </div>
  );
}

export function MoneyChart({
  months,
  billedLabel,
  collectedLabel,
  locale,
}: {
  months: { label: string; billed: number; collected: number }[];
  billedLabel: string;
  collectedLabel: string;
  locale: 'en' | 'fr';
}) {
  const fmt = new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { maximumFractionDigits: 0 });
  return (
    // inert: the chart's SVG is focusable, and focusable content must not hide from screen readers (axe).
    <div aria-hidden="true" inert>
      <BarChart
        height={280}
        xAxis={[{ scaleType: 'band', data: months.map((m) => m.label) }]}
        yAxis={[{ valueFormatter: (v: number | null) => (v === null ? '' : fmt.format(v)), width: 64 }]}
        series={[
          { data: months.map((m) => m.billed), label: billedLabel },
          { data: months.map((m) => m.collected), label: collectedLabel },
        ]}
        margin={{ left: 8, right: 8, top: 8, bottom: 8 }}
      />
    </div>
  );
}
