'use client';

import { useTranslations } from 'next-intl';

/** A whole-screen message instead of the board: the token was revoked, or the link has none. */
export function DisplayNoticePage({ kind }: { kind: 'revoked' | 'noLink' }) {
  const t = useTranslations(`display.${kind}`);
  const tApp = useTranslations('app');
  return (
    <div
      role="alert"
      data-testid={kind === 'revoked' ? 'display-revoked' : 'display-no-link'}
      className="flex flex-1 flex-col items-center justify-center gap-6 bg-slate-950 px-8 text-center text-white"
    >
      <p className="text-sm font-semibold tracking-widest text-slate-400 uppercase">{tApp('name')}</p>
      <h1 className="text-4xl font-bold lg:text-6xl">{t('title')}</h1>
      <p className="max-w-2xl text-lg text-slate-300 lg:text-2xl">{t('body')}</p>
    </div>
  );
}
