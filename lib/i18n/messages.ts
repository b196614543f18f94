import type { AppLocale } from './locales';
import type zhCN from '../../messages/zh-CN.json';

export type Messages = typeof zhCN;

export async function loadMessages(locale: AppLocale): Promise<Messages> {
  switch (locale) {
    case 'zh-CN':
      return (await import('../../messages/zh-CN.json')).default;
    case 'en':
      return (await import('../../messages/en.json')).default;
  }
}
