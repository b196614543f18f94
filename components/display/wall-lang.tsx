'use client';

import { NextIntlClientProvider } from 'next-intl';
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import type { AppLocale } from '@/lib/i18n/locales';
import { sameLocalDay, useClockFormat } from '@/lib/i18n/use-clock-format';
import type { Messages } from '@/lib/i18n/messages';

interface WallLang {
  /** With `lang=both`: the English catalogue for the captions beside or beneath each Chinese label. */
  caption: Messages | null;
  timeZone: string;
}

const WallLangContext = createContext<WallLang>({ caption: null, timeZone: 'UTC' });

/**
 * A wall screen's languages: its own catalogue, and on a bilingual screen (`caption`) the English
 * one for the captions `<Bi>` shows. The wall (display-shell.tsx) and its notice on an app error
 * page (wall-page-failed.tsx) both set them with this.
 */
export function WallLanguages({ locale, messages, caption, timeZone, children }: { locale: AppLocale; messages: Messages; caption: Messages | null; timeZone: string; children: ReactNode }) {
  const value = useMemo(() => ({ caption, timeZone }), [caption, timeZone]);
  return (
    <NextIntlClientProvider locale={locale} messages={messages} timeZone={timeZone}>
      <WallLangContext.Provider value={value}>{children}</WallLangContext.Provider>
    </NextIntlClientProvider>
  );
}

/** True on a bilingual screen. */
export function useBilingual(): boolean {
  return useContext(WallLangContext).caption !== null;
}

/**
 * A label in the screen's language; on a bilingual screen the same label again in
 * English as a caption, beside it (inline) or beneath it (`stack`). The children must
 * be components that translate themselves (useTranslations, agency names), so the
 * second copy, rendered under the English catalogue, comes out in English.
 * User-entered text is never wrapped in it: it is shown once, as typed.
 */
export function Bi({ children, stack = false }: { children: ReactNode; stack?: boolean }) {
  const { caption, timeZone } = useContext(WallLangContext);
  if (!caption) return <>{children}</>;
  return (
    <>
      <span lang="zh-CN" className={stack ? 'block' : undefined}>
        {children}
      </span>
      {stack ? null : ' '}
      <NextIntlClientProvider locale="en" messages={caption} timeZone={timeZone}>
        <span lang="en" className={stack ? 'wall-en block' : 'wall-en'}>
          {children}
        </span>
      </NextIntlClientProvider>
    </>
  );
}

/**
 * A time on a wall (a task due, an alert sent): the clock time on the day of `now`, else with its
 * date; on a bilingual wall that date in both languages' forms ("12/07 7 Dec 09:00": "12/07" alone
 * is 12 July to many English readers), the time once.
 */
export function WallNearTime({ at, now }: { at: number; now: number }) {
  const clock = useClockFormat();
  const bilingual = useBilingual();
  if (!bilingual || sameLocalDay(at, now)) return <>{clock.nearTime(at, now)}</>;
  return (
    <>
      <Bi>
        <Day at={at} />
      </Bi>{' '}
      {clock.shortTime(at)}
    </>
  );
}

/** A day in the language of where it is rendered (inside <Bi>: each language's form). */
function Day({ at }: { at: number }) {
  return <>{useClockFormat().day(at)}</>;
}
