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
 * anchor: a Next link would prefetch it, and Next's prefetcher drops a response that is not a React
 * Server Component payload without reading its body, so that request never settles (the page never
 * reaches "network idle"); a click on it is a full navigation anyway.
 */
const isPage = (href: string) => !/^\/api(\/|$)/.test(href);

export function LinkButton(props: Omit<ButtonProps<'a'>, 'component'> & { href: string }) {
  return isPage(props.href) ? <Button component={NextLink} {...props} /> : <Button {...props} />;
}

export function AppLink(props: Omit<LinkProps, 'component'> & { href: string }) {
  return isPage(props.href) ? <MuiLink component={NextLink} {...props} /> : <MuiLink {...props} />;
}
