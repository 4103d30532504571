'use client';
import AdminPanelSettingsIcon from '@mui/icons-material/AdminPanelSettings';
import DarkModeIcon from '@mui/icons-material/DarkMode';
import DescriptionIcon from '@mui/icons-material/Description';
import GroupsIcon from '@mui/icons-material/Groups';
import LightModeIcon from '@mui/icons-material/LightMode';
import LogoutIcon from '@mui/icons-material/Logout';
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
import { usePathname, useRouter } from 'next/navigation';
import { signOut } from 'next-auth/react';
import { type ReactNode, useEffect, useState } from 'react';
import { setLocaleAction } from '@/lib/i18n/actions';
import { useI18n } from './i18n';

const ICONS = {
  groups: GroupsIcon,
  receipt: ReceiptIcon,
  invoice: DescriptionIcon,
  payments: PaymentsIcon,
  admin: AdminPanelSettingsIcon,
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
}: {
  title: string;
  userName: string;
  roleLabel: string;
  nav: NavItem[];
  children: ReactNode;
}) {
  const pathname = usePathname();
  const router = useRouter();
  const { t, locale } = useI18n();
  const switchLanguage = async () => {
    await setLocaleAction(locale === 'fr' ? 'en' : 'fr');
    router.refresh();
  };
  return (
    <Box sx={{ display: 'flex', minHeight: '100vh' }}>
      <AppBar position="fixed" sx={{ zIndex: (t) => t.zIndex.drawer + 1 }}>
        <Toolbar>
          <Typography variant="h6" component="div" sx={{ fontWeight: 700, flexGrow: 1 }}>
            {title}
          </Typography>
          <Box sx={{ textAlign: 'right', mr: 1, display: { xs: 'none', sm: 'block' } }}>
            <Typography variant="body2" data-testid="current-user">
              {userName}
            </Typography>
            <Typography variant="caption" sx={{ opacity: 0.8 }}>
              {roleLabel}
            </Typography>
          </Box>
          <Tooltip title={t('shell.languageHint')}>
            <Button color="inherit" onClick={switchLanguage} lang={locale === 'fr' ? 'en' : 'fr'}>
              {t('shell.language')}
            </Button>
          </Tooltip>
          <ColorModeToggle />
          <Tooltip title={t('shell.signOut')}>
            <IconButton
              color="inherit"
              aria-label={t('shell.signOut')}
              onClick={() => signOut({ callbackUrl: '/login' })}
            >
              <LogoutIcon />
            </IconButton>
          </Tooltip>
        </Toolbar>
      </AppBar>
      {nav.length > 0 && (
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
