'use client';

import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { buttonClass } from '@/components/ui/button';

export type PageProblemProps =
  | { kind: 'notFound' }
  | {
      kind: 'failed';
      /** Renders the failed part again (Next's `retry`: its server parts are fetched again). */
      retry: () => void;
      /** What was thrown: a server error carries Next's hash of it (`digest`), which its server log carries too. */
      error: unknown;
    };

/**
 * What a person sees instead of a page: an address that leads nowhere, or a page that broke
 * while it was drawn (Next's error boundaries: app/not-found.tsx, app/error.tsx,
 * app/(app)/error.tsx, app/global-error.tsx). Both say what to do next, in the page's language.
 */
export function PageProblem(props: PageProblemProps) {
  const t = useTranslations('pageProblem');
  const failed = props.kind === 'failed';
  const digest = failed ? digestOf(props.error) : undefined;
  return (
    <div className="flex flex-1 items-start justify-center overflow-y-auto px-4 pt-[10vh] pb-12">
      <section
        data-testid="page-problem"
        data-kind={props.kind}
        role={failed ? 'alert' : undefined}
        aria-labelledby="page-problem-title"
        className="w-full max-w-lg rounded-md border border-slate-300 bg-white p-6 shadow-sm"
      >
        <h1 id="page-problem-title" className="text-xl font-semibold text-slate-900">
          {failed ? t('failedTitle') : t('notFoundTitle')}
        </h1>
        <p className="mt-2 text-sm leading-6 text-slate-700">{failed ? t('failedBody') : t('notFoundBody')}</p>
        <div className="mt-5 flex flex-wrap gap-2">
          {failed && (
            <>
              <button type="button" data-testid="page-problem-retry" className={buttonClass({ variant: 'primary' })} onClick={props.retry}>
                {t('retry')}
              </button>
              <button type="button" data-testid="page-problem-reload" className={buttonClass()} onClick={() => window.location.reload()}>
                {t('reload')}
              </button>
            </>
          )}
          <Link href="/incidents" data-testid="page-problem-incidents" className={buttonClass({ variant: failed ? 'ghost' : 'primary' })}>
            {t('toIncidents')}
          </Link>
        </div>
        {digest && (
          <p className="mt-4 text-xs text-slate-600">
            {t('reference', { digest })}
          </p>
        )}
      </section>
    </div>
  );
}

function digestOf(error: unknown): string | undefined {
  const digest = (error as { digest?: unknown } | null)?.digest;
  return typeof digest === 'string' ? digest : undefined;
}
