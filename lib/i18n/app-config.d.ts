import type { AppLocale } from './locales';
import type { Messages } from './messages';

// Type-checks every translation key at compile time (next-intl AppConfig).
declare module 'next-intl' {
  interface AppConfig {
    Locale: AppLocale;
    Messages: Messages;
  }
}
