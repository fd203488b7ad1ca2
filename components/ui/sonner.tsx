'use client';

import * as React from 'react';
import {
  CircleCheckIcon,
  InfoIcon,
  Loader2Icon,
  OctagonXIcon,
  TriangleAlertIcon,
} from 'lucide-react';
import { useTheme } from 'next-themes';
import { Toaster as Sonner, type ToasterProps } from 'sonner';

import { cn } from '@/lib/utils';

type SonnerTheme = NonNullable<ToasterProps['theme']>;

function toSonnerTheme(theme: string | undefined): SonnerTheme {
  return theme === 'light' || theme === 'dark' ? theme : 'system';
}

/** Tints a theme token for sonner's `richColors` palette. */
const tint = (token: string, amount: number) =>
  `color-mix(in oklab, var(${token}) ${amount}%, var(--popover))`;

const toasterStyle: React.CSSProperties & Record<`--${string}`, string> = {
  '--normal-bg': 'var(--popover)',
  '--normal-text': 'var(--popover-foreground)',
  '--normal-border': 'var(--border)',
  '--border-radius': 'var(--radius)',
  '--success-bg': tint('--success', 10),
  '--success-border': tint('--success', 30),
  '--success-text': 'var(--success)',
  '--warning-bg': tint('--warning', 10),
  '--warning-border': tint('--warning', 30),
  '--warning-text': 'var(--warning)',
  '--error-bg': tint('--destructive', 10),
  '--error-border': tint('--destructive', 30),
  '--error-text': 'var(--destructive)',
  '--info-bg': tint('--primary', 10),
  '--info-border': tint('--primary', 30),
  '--info-text': 'var(--primary)',
};

/**
 * Mount once, inside the next-themes `ThemeProvider` (e.g. in the root layout).
 * Then call `toast(...)` / `toast.success(...)` from `sonner` anywhere on the client.
 */
function Toaster({ toastOptions, style, ...props }: ToasterProps) {
  const { theme } = useTheme();

  return (
    <Sonner
      theme={toSonnerTheme(theme)}
      className="toaster group"
      icons={{
        success: <CircleCheckIcon className="size-4 text-success" />,
        info: <InfoIcon className="size-4 text-primary" />,
        warning: <TriangleAlertIcon className="size-4 text-warning" />,
        error: <OctagonXIcon className="size-4 text-destructive" />,
        loading: <Loader2Icon className="size-4 animate-spin text-muted-foreground" />,
      }}
      style={{ ...toasterStyle, ...style }}
      toastOptions={{
        ...toastOptions,
        classNames: {
          ...toastOptions?.classNames,
          toast: cn('font-sans shadow-lg', toastOptions?.classNames?.toast),
          description: cn('text-muted-foreground!', toastOptions?.classNames?.description),
        },
      }}
      {...props}
    />
  );
}

export { Toaster };
