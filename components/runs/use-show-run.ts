'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback } from 'react';

/** Puts a run in the dashboard's workflow card (and opens its history row): `?run=` in the URL. */
export function useShowRun(): (runId: string) => void {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  return useCallback(
    (runId: string) => {
      const next = new URLSearchParams(params);
      next.set('run', runId);
      router.replace(`${pathname}?${next.toString()}` as never, { scroll: false });
    },
    [router, pathname, params],
  );
}
