'use client';
import Button, { type ButtonProps } from '@mui/material/Button';
import MuiLink, { type LinkProps } from '@mui/material/Link';
import NextLink from 'next/link';

/*
 * MUI components rendered as Next links. They live in a client file because `component={NextLink}`
 * passes a function, which a server component cannot hand to a client component.
 */

/**
 * Whether `href` is a page of the app. Anything else (the JSON of /api/…, downloads) gets a plain
 * anchor: a Next link prefetches its target as a page (an RSC request, redirected to a cache-busting
 * URL, answered with JSON that the prefetcher drops unread), which kept /api-docs from ever reaching
 * "network idle" (e2e/api.spec.ts); a click on such a link is a full navigation anyway.
 */
const isPage = (href: string) => !/^\/api(\/|$)/.test(href);

export function LinkButton(props: Omit<ButtonProps<'a'>, 'component'> & { href: string }) {
  return isPage(props.href) ? <Button component={NextLink} {...props} /> : <Button {...props} />;
}

export function AppLink(props: Omit<LinkProps, 'component'> & { href: string }) {
  return isPage(props.href) ? <MuiLink component={NextLink} {...props} /> : <MuiLink {...props} />;
}
