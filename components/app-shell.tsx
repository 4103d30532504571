'use client';
import AdminPanelSettingsIcon from '@mui/icons-material/AdminPanelSettings';
import CalculateIcon from '@mui/icons-material/Calculate';
import DarkModeIcon from '@mui/icons-material/DarkMode';
import DescriptionIcon from '@mui/icons-material/Description';
import GroupsIcon from '@mui/icons-material/Groups';
import KeyIcon from '@mui/icons-material/Key';
import LightModeIcon from '@mui/icons-material/LightMode';
import LogoutIcon from '@mui/icons-material/Logout';
import MailIcon from '@mui/icons-material/Mail';
import PaymentsIcon from '@mui/icons-material/Payments';
import ReceiptIcon from '@mui/icons-material/Receipt';
import AppBar from '@mui/material/AppBar';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Drawer from '@mui/material/Drawer';
import IconButton from '@mui/material/IconButton';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import { useColorScheme } from '@mui/material/styles';
import Toolbar from '@mui/material/Toolbar';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { type ReactNode, useEffect, useState } from 'react';
import { signOutAction } from '@/app/(auth)/login/actions';
import { useI18n } from './i18n';
import { LanguageSwitch } from './language-switch';

const ICONS = {
  groups: GroupsIcon,
  receipt: ReceiptIcon,
  invoice: DescriptionIcon,
  payments: PaymentsIcon,
  admin: AdminPanelSettingsIcon,
  mail: MailIcon,
  key: KeyIcon,
  rules: CalculateIcon,
} as const;
export type NavItem = { label: string; href: string; icon: keyof typeof ICONS };

const DRAWER = 232;

function ColorModeToggle() {
  const { mode, systemMode, setMode } = useColorScheme();
  // The scheme is only known in the browser: render after mount so server and client HTML agree.
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  if (!mounted) return <IconButton color="inherit" disabled aria-label="Colour mode" />;
  const current = mode === 'system' ? systemMode : mode;
  const next = current === 'dark' ? 'light' : 'dark';
  return (
    <Tooltip title={`Switch to ${next} mode`}>
      <IconButton color="inherit" onClick={() => setMode(next)} aria-label={`Switch to ${next} mode`}>
        {current === 'dark' ? <LightModeIcon /> : <DarkModeIcon />}
      </IconButton>
    </Tooltip>
  );
}

export function AppShell({
  title,
  userName,
  roleLabel,
  nav,
  children,
  variant = 'drawer',
  extra,
  profileHref,
}: {
  /** The signed-in user's own page (profile, API tokens). */
  profileHref?: string;
  title: string;
  userName: string;
  roleLabel: string;
  nav: NavItem[];
  children: ReactNode;
  /** The back office has a side drawer; the portal a lighter bar with its few links on top. */
  variant?: 'drawer' | 'top';
  /** Something to show in the bar, left of the user (the portal's "acting for" picker). */
  extra?: ReactNode;
}) {
  const pathname = usePathname();
  const { t } = useI18n();
  return (
    <Box sx={{ display: 'flex', minHeight: '100vh' }}>
      <AppBar position="fixed" sx={{ zIndex: (t) => t.zIndex.drawer + 1 }}>
        <Toolbar>
          <Typography
            variant="h6"
            component="div"
            noWrap
            sx={{ fontWeight: 700, flexGrow: variant === 'top' ? 0 : 1, flexShrink: 0, mr: 3 }}
          >
            {title}
          </Typography>
          {variant === 'top' && (
            <Box component="nav" aria-label="Main" sx={{ flexGrow: 1, display: 'flex', gap: 1 }}>
              {nav.map((item) => (
                <Button
                  key={item.href}
                  color="inherit"
                  component={Link}
                  href={item.href}
                  aria-current={pathname === item.href ? 'page' : undefined}
                  sx={{
                    whiteSpace: 'nowrap',
                    textDecoration: pathname === item.href ? 'underline' : 'none',
                    textUnderlineOffset: 6,
                  }}
                >
                  {item.label}
                </Button>
              ))}
            </Box>
          )}
          {extra}
          <Box sx={{ textAlign: 'right', mr: 1, display: { xs: 'none', sm: 'block' } }}>
            <Typography variant="body2" data-testid="current-user">
              {profileHref ? (
                <Link href={profileHref} style={{ color: 'inherit' }}>
                  {userName}
                </Link>
              ) : (
                userName
              )}
            </Typography>
            <Typography variant="caption" sx={{ opacity: 0.8 }}>
              {roleLabel}
            </Typography>
          </Box>
          <LanguageSwitch />
          <ColorModeToggle />
          {/* A POST form: sign-out ends the session on the server, with or without JavaScript. */}
          <form action={signOutAction}>
            <Tooltip title={t('shell.signOut')}>
              <IconButton type="submit" color="inherit" aria-label={t('shell.signOut')}>
                <LogoutIcon />
              </IconButton>
            </Tooltip>
          </form>
        </Toolbar>
      </AppBar>
      {variant === 'drawer' && nav.length > 0 && (
        <Drawer
          variant="permanent"
          sx={{
            width: DRAWER,
            flexShrink: 0,
            '& .MuiDrawer-paper': { width: DRAWER, boxSizing: 'border-box' },
          }}
        >
          <Toolbar />
          <nav aria-label="Main">
            <List>
              {nav.map((item) => {
                const Icon = ICONS[item.icon];
                return (
                  <ListItem key={item.href} disablePadding>
                    <ListItemButton
                      component={Link}
                      href={item.href}
                      selected={pathname.startsWith(item.href)}
                    >
                      <ListItemIcon>
                        <Icon />
                      </ListItemIcon>
                      <ListItemText primary={item.label} />
                    </ListItemButton>
                  </ListItem>
                );
              })}
            </List>
          </nav>
        </Drawer>
      )}
      <Box component="main" sx={{ flexGrow: 1, p: 3, minWidth: 0 }}>
        <Toolbar />
        {children}
      </Box>
    </Box>
  );
}
