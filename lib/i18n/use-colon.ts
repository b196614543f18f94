'use client';

import { useLocale } from 'next-intl';
import { colonOf } from './locales';

/** The active language's colon after a label: '：' in Chinese (full width, no space), ': ' in English. */
export function useColon(): string {
  return colonOf(useLocale());
}
