'use client';

// First: the wall's notice below imports modules that build zod schemas, and this file may be
// evaluated before app/providers.tsx (which sets zod up for our CSP).
import '@/lib/client/zod-config';
import { useEffect } from 'react';
import { WallPageFailed } from '@/components/display/wall-page-failed';
import { useOnWallScreen, useWallRecovery } from '@/components/display/wall-recovery';
import { PageProblem } from '@/components/shell/page-problem';

/**
 * A page that broke while it was drawn (below the root layout): said in the page's language,
 * with a retry, a reload and the way back. app/(app)/error.tsx shows the same inside the
 * signed-in pages' header; app/global-error.tsx covers the root layout itself. On a wall screen
 * (whose own boundary is below its layout, so this is what catches the layout's failures) it
 * shows the wall's notice and tries again by itself (SPEC SYNC3).
 */
export default function PageError({ error, retry }: { error: unknown; retry: () => void }) {
  const onWall = useOnWallScreen();
  useEffect(() => {
    if (!onWall) console.error('page failed', error);
  }, [onWall, error]);
  useWallRecovery(onWall, error, retry);
  return onWall ? <WallPageFailed /> : <PageProblem kind="failed" retry={retry} error={error} />;
}
