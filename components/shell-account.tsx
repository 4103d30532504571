'use client';
import AccountCircleIcon from '@mui/icons-material/AccountCircle';
import DarkModeIcon from '@mui/icons-material/DarkMode';
import LightModeIcon from '@mui/icons-material/LightMode';
import LogoutIcon from '@mui/icons-material/Logout';
import PersonIcon from '@mui/icons-material/Person';
import TranslateIcon from '@mui/icons-material/Translate';
import Divider from '@mui/material/Divider';
import IconButton from '@mui/material/IconButton';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import { useColorScheme } from '@mui/material/styles';
import Tooltip from '@mui/material/Tooltip';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { signOutAction } from '@/app/(auth)/login/actions';
import { setLocaleAction } from '@/lib/i18n/actions';
import { useI18n } from './i18n';

/** The colour scheme in use and how to switch it; undefined until mounted (only the browser knows it). */
export function useColorModeSwitch() {
  const { mode, systemMode, setMode } = useColorScheme();
  // The scheme is only known in the browser: render after mount so server and client HTML agree.
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  if (!mounted) return undefined;
  const current = mode === 'system' ? systemMode : mode;
  const next: 'light' | 'dark' = current === 'dark' ? 'light' : 'dark';
  return { current, next, toggle: () => setMode(next) };
}

/** A POST form: sign-out ends the session on the server, with or without JavaScript. */
export function SignOutButton() {
  const { t } = useI18n();
  return (
    <form action={signOutAction}>
      <Tooltip title={t('shell.signOut')}>
        <IconButton type="submit" color="inherit" aria-label={t('shell.signOut')}>
          <LogoutIcon />
        </IconButton>
      </Tooltip>
    </form>
  );
}

/** On a phone, the bar's actions (profile, language, colour mode, sign-out) in one menu. */
export function AccountMenu({
  userName,
  roleLabel,
  profileHref,
}: {
  userName: string;
  roleLabel: string;
  profileHref?: string;
}) {
  const { t, locale } = useI18n();
  const router = useRouter();
  const scheme = useColorModeSwitch();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const close = () => setAnchor(null);
  return (
    <>
      <IconButton
        color="inherit"
        edge="end"
        aria-label={t('shell.account')}
        aria-haspopup="menu"
        aria-expanded={!!anchor}
        onClick={(e) => setAnchor(e.currentTarget)}
      >
        <AccountCircleIcon />
      </IconButton>
      <Menu anchorEl={anchor} open={!!anchor} onClose={close}>
        {profileHref ? (
          <MenuItem component={Link} href={profileHref} onClick={close}>
            <ListItemIcon>
              <PersonIcon fontSize="small" />
            </ListItemIcon>
            <ListItemText primary={userName} secondary={roleLabel} />
          </MenuItem>
        ) : (
          <MenuItem disabled>
            <ListItemText primary={userName} secondary={roleLabel} />
          </MenuItem>
        )}
        <Divider />
        <MenuItem
          lang={locale === 'fr' ? 'en' : 'fr'}
          onClick={async () => {
            close();
            await setLocaleAction(locale === 'fr' ? 'en' : 'fr');
            router.refresh();
          }}
        >
          <ListItemIcon>
            <TranslateIcon fontSize="small" />
          </ListItemIcon>
          <ListItemText primary={t('shell.language')} />
        </MenuItem>
        {scheme && (
          <MenuItem
            onClick={() => {
              close();
              scheme.toggle();
            }}
          >
            <ListItemIcon>
              {scheme.current === 'dark' ? (
                <LightModeIcon fontSize="small" />
              ) : (
                <DarkModeIcon fontSize="small" />
              )}
            </ListItemIcon>
            <ListItemText primary={scheme.next === 'dark' ? t('shell.darkMode') : t('shell.lightMode')} />
          </MenuItem>
        )}
        <Divider />
        <form action={signOutAction}>
          <MenuItem component="button" type="submit" sx={{ width: '100%' }}>
            <ListItemIcon>
              <LogoutIcon fontSize="small" />
            </ListItemIcon>
            <ListItemText primary={t('shell.signOut')} />
          </MenuItem>
        </form>
      </Menu>
    </>
  );
}
