'use client';
import Button, { type ButtonProps } from '@mui/material/Button';
import MuiLink, { type LinkProps } from '@mui/material/Link';
import NextLink from 'next/link';

/*
 * MUI components rendered as Next links. They live in a client file because `component={NextLink}`
 * passes a function, which a server component cannot hand to a client component.
 */
export function LinkButton(props: Omit<ButtonProps<'a'>, 'component'> & { href: string }) {
  return <Button component={NextLink} {...props} />;
}

export function AppLink(props: Omit<LinkProps, 'component'> & { href: string }) {
  return <MuiLink component={NextLink} {...props} />;
}
