'use client';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import Link from 'next/link';

/** Tabs that are links (`?tab=…`), so a tab can be bookmarked and its content rendered on the server. */
export function LinkTabs({
  tabs,
  value,
  label,
}: {
  tabs: { value: string; label: string; href: string }[];
  value: string;
  label: string;
}) {
  return (
    <Tabs value={value} aria-label={label} sx={{ borderBottom: 1, borderColor: 'divider', mb: 2 }}>
      {tabs.map((t) => (
        <Tab key={t.value} value={t.value} label={t.label} component={Link} href={t.href} scroll={false} />
      ))}
    </Tabs>
  );
}
