import { getLocale, getTimeZone } from 'next-intl/server';
import type { ReactNode } from 'react';
import { DisplayShell } from '@/components/display/display-shell';
import { loadMessages } from '@/lib/i18n/messages';
import './wall.css';

/**
 * Wall screens: outside sign-in. Both catalogues go to the browser, since the
 * link chooses the language (`?lang=zh-CN|en|both`) and `both` captions every
 * Chinese label in English.
 */
export default async function DisplayLayout({ children }: { children: ReactNode }) {
  const [zhCN, en, locale, timeZone] = await Promise.all([loadMessages('zh-CN'), loadMessages('en'), getLocale(), getTimeZone()]);
  return (
    <DisplayShell catalogues={{ 'zh-CN': zhCN, en }} fallbackLocale={locale} timeZone={timeZone}>
      {children}
    </DisplayShell>
  );
}
