'use client';
import AdminPanelSettingsIcon from '@mui/icons-material/AdminPanelSettings';
import CalculateIcon from '@mui/icons-material/Calculate';
import DarkModeIcon from '@mui/icons-material/DarkMode';
import DashboardIcon from '@mui/icons-material/Dashboard';
import DescriptionIcon from '@mui/icons-material/Description';
import GroupsIcon from '@mui/icons-material/Groups';
import Inventory2Icon from '@mui/icons-material/Inventory2';
import KeyIcon from '@mui/icons-material/Key';
import LightModeIcon from '@mui/icons-material/LightMode';
import MailIcon from '@mui/icons-material/Mail';
import MenuIcon from '@mui/icons-material/Menu';
import NotificationsActiveIcon from '@mui/icons-material/NotificationsActive';
import PaymentsIcon from '@mui/icons-material/Payments';
import PendingActionsIcon from '@mui/icons-material/PendingActions';
import ReceiptIcon from '@mui/icons-material/Receipt';
import AppBar from '@mui/material/AppBar';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Divider from '@mui/material/Divider';
import Drawer from '@mui/material/Drawer';
import IconButton from '@mui/material/IconButton';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import Toolbar from '@mui/material/Toolbar';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { type ReactNode, useState } from 'react';
import { useI18n } from './i18n';
import { LanguageSwitch } from './language-switch';
import { AccountMenu, SignOutButton, useColorModeSwitch } from './shell-account';

const ICONS = {
  dashboard: DashboardIcon,
  groups: GroupsIcon,
  receipt: ReceiptIcon,
  invoice: DescriptionIcon,
  payments: PaymentsIcon,
  admin: AdminPanelSettingsIcon,
  mail: MailIcon,
  key: KeyIcon,
  rules: CalculateIcon,
  jobs: PendingActionsIcon,
  products: Inventory2Icon,
  dunning: NotificationsActiveIcon,
} as const;
export type NavItem = { label: string; href: string; icon: keyof typeof ICONS };

const DRAWER = 232;

function ColorModeToggle() {
  const scheme = useColorModeSwitch();
  if (!scheme) return <IconButton color="inherit" disabled aria-label="Colour mode" />;
  return (
    <Tooltip title={`Switch to ${scheme.next} mode`}>
      <IconButton color="inherit" onClick={scheme.toggle} aria-label={`Switch to ${scheme.next} mode`}>
        {scheme.current === 'dark' ? <LightModeIcon /> : <DarkModeIcon />}
      </IconButton>
    </Tooltip>
  );
}

function NavList({
  nav,
  pathname,
  onNavigate,
}: {
  nav: NavItem[];
  pathname: string;
  onNavigate?: () => void;
}) {
  return (
    <nav aria-label="Main">
      <List>
        {nav.map((item) => {
          const Icon = ICONS[item.icon];
          // The portal's home (/portal) is the prefix of every portal page: exact match for it.
          const selected = item.href === '/portal' ? pathname === item.href : pathname.startsWith(item.href);
          return (
            <ListItem key={item.href} disablePadding>
              <ListItemButton component={Link} href={item.href} selected={selected} onClick={onNavigate}>
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
  );
}

/*
 * The shell of the back office and of the portal. From `md` up: the staff side menu is permanent (the
 * portal's links sit in the bar) and the user, language, colour mode and sign-out are in the bar.
 * Below `md` (a phone): a menu button opens the same links in a temporary drawer, and the bar's
 * actions move into one account menu, so nothing is off-screen at 390 px. Both variants are in the
 * HTML and CSS picks one (no media query in JavaScript, so server and client render the same).
 */
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
  const [menuOpen, setMenuOpen] = useState(false);
  const permanent = variant === 'drawer' && nav.length > 0;
  return (
    <Box sx={{ display: 'flex', minHeight: '100vh' }}>
      <AppBar position="fixed" sx={{ zIndex: (t) => t.zIndex.drawer + 1 }}>
        <Toolbar sx={{ gap: { xs: 0.5, md: 0 }, px: { xs: 1, sm: 2 } }}>
          {nav.length > 0 && (
            <IconButton
              color="inherit"
              edge="start"
              aria-label={t('shell.openMenu')}
              aria-expanded={menuOpen}
              onClick={() => setMenuOpen(true)}
              sx={{ display: { md: 'none' } }}
            >
              <MenuIcon />
            </IconButton>
          )}
          <Typography
            variant="h6"
            component="div"
            noWrap
            sx={{
              fontWeight: 700,
              flexGrow: variant === 'top' ? 0 : 1,
              flexShrink: { xs: 1, md: 0 },
              minWidth: 0,
              mr: { xs: 1, md: 3 },
            }}
          >
            {title}
          </Typography>
          {variant === 'top' && (
            <Box
              component="nav"
              aria-label="Main"
              sx={{ flexGrow: 1, display: { xs: 'none', md: 'flex' }, gap: 1 }}
            >
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
          {variant === 'top' && <Box sx={{ flexGrow: 1, display: { md: 'none' } }} />}
          {extra}
          <Box sx={{ display: { xs: 'none', md: 'flex' }, alignItems: 'center' }}>
            <Box sx={{ textAlign: 'right', mr: 1 }}>
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
            <SignOutButton />
          </Box>
          <Box sx={{ display: { xs: 'block', md: 'none' } }}>
            <AccountMenu userName={userName} roleLabel={roleLabel} profileHref={profileHref} />
          </Box>
        </Toolbar>
      </AppBar>
      {permanent && (
        <Drawer
          variant="permanent"
          sx={{
            display: { xs: 'none', md: 'block' },
            width: DRAWER,
            flexShrink: 0,
            '& .MuiDrawer-paper': { width: DRAWER, boxSizing: 'border-box' },
          }}
        >
          <Toolbar />
          <NavList nav={nav} pathname={pathname} />
        </Drawer>
      )}
      {nav.length > 0 && (
        <Drawer
          variant="temporary"
          open={menuOpen}
          onClose={() => setMenuOpen(false)}
          sx={{
            display: { xs: 'block', md: 'none' },
            '& .MuiDrawer-paper': { width: DRAWER, boxSizing: 'border-box' },
          }}
        >
          <Toolbar>
            <Typography variant="h6" component="div" noWrap sx={{ fontWeight: 700 }}>
              {title}
            </Typography>
          </Toolbar>
          <Divider />
          <NavList nav={nav} pathname={pathname} onNavigate={() => setMenuOpen(false)} />
        </Drawer>
      )}
      <Box component="main" sx={{ flexGrow: 1, p: { xs: 1.5, sm: 3 }, minWidth: 0 }}>
        <Toolbar />
        {children}
      </Box>
    </Box>
  );
}
