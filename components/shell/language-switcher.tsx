'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { LOCALE_COOKIE, LOCALES, type AppLocale } from '@/lib/i18n/locales';
import { cx } from '@/components/ui/cx';
import { useServerFirst } from './offline-links';

/**
 * Two buttons (中文 | EN): sets the NEXT_LOCALE cookie and re-renders on the server. While a
 * signed-in page's connection is down, it asks the server first (SPEC SYNC4): a render that cannot
 * reach it would leave the page for the browser's error page. No answer: the language stays, and
 * the page says why.
 */
export function LanguageSwitcher({ tone = 'dark' }: { tone?: 'dark' | 'light' }) {
  const t = useTranslations('locale');
  const current = useLocale();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const serverFirst = useServerFirst();
  const [asking, setAsking] = useState(false);

  const choose = (locale: AppLocale) => {
    if (locale === current || asking) return;
    setAsking(true);
    void serverFirst(() => {
      document.cookie = `${LOCALE_COOKIE}=${locale}; path=/; max-age=31536000; samesite=lax`;
      startTransition(() => router.refresh());
    }, 'language').finally(() => setAsking(false));
  };

  return (
    <div
      role="group"
      aria-label={t('label')}
      data-testid="language-switcher"
      data-locale={current}
      aria-busy={pending || asking}
      className={cx(
        'inline-flex shrink-0 rounded border text-xs whitespace-nowrap',
        tone === 'dark' ? 'border-slate-500' : 'border-slate-400',
        (pending || asking) && 'opacity-60',
        asking && 'cursor-progress',
      )}
    >
      {LOCALES.map((locale) => (
        <button
          key={locale}
          type="button"
          lang={locale}
          aria-pressed={locale === current}
          data-locale={locale}
          onClick={() => choose(locale)}
          className={cx(
            'px-2 py-1 font-medium first:rounded-l last:rounded-r focus-visible:outline-2 focus-visible:outline-blue-400',
            locale === current
              ? tone === 'dark'
                ? 'bg-white text-slate-900'
                : 'bg-slate-900 text-white'
              : tone === 'dark'
                ? 'text-slate-200 hover:bg-slate-700'
                : 'text-slate-700 hover:bg-slate-100',
          )}
        >
          {t(`short.${locale}`)}
        </button>
      ))}
    </div>
  );
}
