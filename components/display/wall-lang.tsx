'use client';

import { NextIntlClientProvider } from 'next-intl';
import { createContext, useContext, type ReactNode } from 'react';
import type { Messages } from '@/lib/i18n/messages';

interface WallLang {
  /** With `lang=both`: the English catalogue for the captions beside or beneath each Chinese label. */
  caption: Messages | null;
  timeZone: string;
}

const WallLangContext = createContext<WallLang>({ caption: null, timeZone: 'UTC' });

export const WallLangProvider = WallLangContext.Provider;

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
