import { useTranslations } from 'next-intl';
import { createElement, useState, type ReactElement } from 'react';

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

/**
 * Whether a field's live region says that its text is full, once the text is `value` (it was
 * `before`; `said`: whether the region said so then). It says so when the text reaches the limit
 * from below it (typed, or a longer paste cut there by maxLength), and keeps saying the same words
 * while the text stays there, so a screen reader hears it once, not at every keystroke; below the
 * limit it is cleared, so reaching it again is said again. A text that starts full is not said.
 */
export function cutSaid(said: boolean, before: string, value: string, max: number): boolean {
  if (value.length < max) return false;
  return said || before.length < max;
}

/**
 * For one text field: `note`, the words for lengthState in the page's language ("180 / 200"; at
 * the limit, that more is not kept), or null, for the field's description; and `cut`, a polite
 * live region (visually hidden) that says the limit once when the text reaches it (cutSaid). Render
 * `cut` always (a region added together with its words is not read), just before the field: inside
 * the dialog (outside it a modal hides it), not in the description (it would be said twice), and
 * not as a form's last child (the field before it would keep a space-y margin below it).
 * A Field does all this with its `length`; call this directly only for a control without a Field
 * (the message composer, labelled by aria-label, with its note under it).
 */
export function useLengthNote(value: string, max: number): { note: string | null; cut: ReactElement } {
  const t = useTranslations('common');
  // The text at the last render and whether the region says the limit: updated while rendering
  // when the text changes, so the region's words come with the text that reached the limit.
  const [seen, setSeen] = useState({ value, said: false });
  let said = seen.said;
  if (seen.value !== value) {
    said = cutSaid(seen.said, seen.value, value, max);
    setSeen({ value, said });
  }
  const state = lengthState(value, max);
  const note = !state ? null : state.kind === 'full' ? t('lengthFull', { max }) : t('length', { count: state.count, max });
  const cut = createElement('span', { role: 'status', 'aria-live': 'polite', 'data-testid': 'length-cut', className: 'sr-only' }, said ? t('lengthFull', { max }) : '');
  return { note, cut };
}
