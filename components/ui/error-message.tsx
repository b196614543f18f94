'use client';

import { useTranslations } from 'next-intl';
import { ApiError } from '@/lib/client/api/api-error';
import { cx } from './cx';
import { useColon } from '@/lib/i18n/use-colon';

export interface ErrorLike {
  code: string;
  message: string;
}

/** A query's or mutation's error as ErrorMessage shows it: the server's code, or INTERNAL for anything else. */
export function toErrorLike(error: unknown): ErrorLike {
  if (error instanceof ApiError) return { code: error.code, message: error.message };
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
}

/**
 * Translates an error by its code; the server's English message is the detail. `reading`: the
 * error of a read (a page or list that could not load), for which a few codes have their own
 * words (`errors.reading`): "nothing was saved" says nothing to someone who saved nothing.
 */
export function useErrorText() {
  const t = useTranslations('errors');
  return (error: ErrorLike, { reading = false }: { reading?: boolean } = {}) => {
    const readKey = `reading.${error.code}`;
    if (reading && t.has(readKey as 'reading.INTERNAL')) return t(readKey as 'reading.INTERNAL');
    const key = `codes.${error.code}`;
    // Codes come from the wire as strings: an unknown one falls back to a generic text.
    return t.has(key as 'codes.INTERNAL') ? t(key as 'codes.INTERNAL') : t('unknown', { code: error.code });
  };
}

/** `reading`: the error of a read, not of a change (see useErrorText). */
export function ErrorMessage({ error, className, reading }: { error: ErrorLike; className?: string; reading?: boolean }) {
  const colon = useColon();
  const text = useErrorText();
  const t = useTranslations('errors');
  return (
    <div role="alert" data-testid="error-message" data-code={error.code} className={cx('rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900', className)}>
      <p className="font-medium">{text(error, { reading })}</p>
      {error.message && (
        <p className="mt-0.5 text-xs text-red-800">
          {t('detail')}{colon}<span lang="en">{error.message}</span>
        </p>
      )}
    </div>
  );
}
