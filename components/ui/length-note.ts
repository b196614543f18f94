import { useTranslations } from 'next-intl';

/** From this share of its limit on, a text field says how long its text is. */
const NEAR = 0.8;

/**
 * How near its limit a text is: null well below it; `near` from 80 % on; `full` at it (a field's
 * maxLength cuts a longer paste there without a word, so it is said).
 */
export function lengthState(value: string, max: number): { kind: 'near' | 'full'; count: number } | null {
  if (value.length >= max) return { kind: 'full', count: value.length };
  if (value.length >= Math.ceil(max * NEAR)) return { kind: 'near', count: value.length };
  return null;
}

/** The words for lengthState, in the page's language ("180 / 200"; at the limit, that more is not kept), or null. */
export function useLengthNote(): (value: string, max: number) => string | null {
  const t = useTranslations('common');
  return (value, max) => {
    const state = lengthState(value, max);
    if (!state) return null;
    return state.kind === 'full' ? t('lengthFull', { max }) : t('length', { count: state.count, max });
  };
}
