'use client';

import { useEffect } from 'react';
import { PageProblem } from '@/components/shell/page-problem';

/**
 * A page that broke while it was drawn (below the root layout): said in the page's language,
 * with a retry, a reload and the way back. app/(app)/error.tsx shows the same inside the
 * signed-in pages' header; app/global-error.tsx covers the root layout itself.
 */
export default function PageError({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => console.error('page failed', error), [error]);
  return <PageProblem kind="failed" retry={retry} error={error} />;
}
