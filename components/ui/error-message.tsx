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
 * `feed`: why a screen's live incident could not read what is new (`errors.feed`), beside words
 * that say it tries again by itself, or how to: none of "try again" in them.
 */
export function useErrorText() {
  const t = useTranslations('errors');
  return (error: ErrorLike, { reading = false, feed = false }: { reading?: boolean; feed?: boolean } = {}) => {
    const readKey = `${feed ? 'feed' : 'reading'}.${error.code}`;
    if ((reading || feed) && t.has(readKey as 'reading.INTERNAL')) return t(readKey as 'reading.INTERNAL');
    const key = `codes.${error.code}`;
    // Codes come from the wire as strings: an unknown one falls back to a generic text.
    return t.has(key as 'codes.INTERNAL') ? t(key as 'codes.INTERNAL') : t('unknown', { code: error.code });
  };
}

const TONES = {
  error: { box: 'border-red-300 bg-red-50 text-red-900', detail: 'text-red-800' },
  /** A refusal that needs a look, not an alarm: someone else changed it first. */
  warning: { box: 'border-amber-300 bg-amber-50 text-amber-950', detail: 'text-amber-900' },
} as const;

/**
 * Codes the browser makes itself, never the server (docs/protocol.md): their message is the
 * browser's or our own English ("Failed to fetch", "No answer from the server in 10 s."), which the
 * catalogue's words for the code already say in the person's language, so it is not shown.
 */
const CLIENT_CODES: ReadonlySet<string> = new Set(['TIMEOUT', 'NETWORK']);

/** The server's own words for an error, shown as its detail line; none for a code the browser made itself. */
export function errorDetail(error: ErrorLike | undefined | null): string | null {
  return error?.message && !CLIENT_CODES.has(error.code) ? error.message : null;
}

/**
 * A typed error, in the catalogue's words for its code. `reading`: the error of a read, not of a
 * change (see useErrorText). `text`: the caller's own words for it instead (a dialog that knows
 * more than the code says); the server's message, if any, is still the detail (in English, marked
 * so: for whoever supports the command centre).
 */
export function ErrorMessage({
  error,
  className,
  reading,
  text: own,
  tone = 'error',
}: {
  error: ErrorLike;
  className?: string;
  reading?: boolean;
  text?: string;
  tone?: keyof typeof TONES;
}) {
  const colon = useColon();
  const text = useErrorText();
  const t = useTranslations('errors');
  const detail = errorDetail(error);
  return (
    <div role="alert" data-testid="error-message" data-code={error.code} className={cx('rounded border px-3 py-2 text-sm', TONES[tone].box, className)}>
      <p className="font-medium">{own ?? text(error, { reading })}</p>
      {detail && (
        <p className={cx('mt-0.5 text-xs', TONES[tone].detail)}>
          {t('detail')}{colon}<span lang="en">{detail}</span>
        </p>
      )}
    </div>
  );
}
