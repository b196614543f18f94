import { cookies, headers } from 'next/headers';
import { getRequestConfig } from 'next-intl/server';
import { isAppLocale, LOCALE_COOKIE, negotiateLocale, type AppLocale } from './locales';
import { loadMessages } from './messages';
import { serverTimeZone } from '../exports/timeline-csv';

/**
 * No locale routing: the locale comes from the NEXT_LOCALE cookie (set by the
 * language switcher), else the browser's Accept-Language, else zh-CN.
 */
async function resolveLocale(): Promise<AppLocale> {
  const fromCookie = (await cookies()).get(LOCALE_COOKIE)?.value;
  if (isAppLocale(fromCookie)) return fromCookie;
  return negotiateLocale((await headers()).get('accept-language'));
}

export default getRequestConfig(async () => {
  const locale = await resolveLocale();
  return {
    locale,
    messages: await loadMessages(locale),
    // Times on screen are formatted in the browser's own zone (see use-clock-format);
    // this zone only serves server-rendered text and silences the fallback warning.
    timeZone: serverTimeZone(),
  };
});
