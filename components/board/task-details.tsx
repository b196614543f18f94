'use client';

import { useTranslations } from 'next-intl';
import { useId, useMemo, useState } from 'react';
import { fold } from '@/lib/domain/text';
import { Highlight, worthMarking } from './highlight';

/**
 * Past about two lines of a card (a 230 px card at 12 px: some 70 Latin letters, fewer Chinese
 * characters, which are about twice as wide), or on more than one line, a task's details are
 * cut to two and a button shows the rest. Judged from the text, not measured: the board and the
 * replay render many cards, and a layout read for each would slow every change and every move.
 */
export function detailsLong(text: string): boolean {
  return text.includes('\n') || textWidth(text) > 66;
}

/**
 * Past about three lines of a card's title (some 27 semibold letters a line in the narrowest lane,
 * 15 rem, fewer where words wrap: a plan's bilingual title can be longer): the card cuts it there, so
 * its heading carries the whole as a tooltip. Judged from the text as `detailsLong` is, erring
 * towards a tooltip not needed rather than a title cut without one.
 */
export function titleCut(title: string): boolean {
  return textWidth(title) > 66;
}

/** A text's width in Latin letters: a Chinese (or other full-width) character counts about two. */
export function textWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += /[\u2e80-\u9fff\uac00-\ud7af\uff00-\uffef]/.test(ch) ? 1.9 : 1;
  return width;
}

/**
 * What the person who wrote the task said to do (its details, up to 4,000 characters): the first
 * two lines on the card, the rest on "More". Open by itself while the board's search has found a
 * word in them, so that what made the card a match is in sight (and marked).
 */
export function TaskDetails({ text, terms, titleId }: { text: string; terms: string[]; titleId: string }) {
  const t = useTranslations('task');
  const id = useId();
  // The person's More or Less holds for the search it was pressed under: a new search (or none) opens
  // the details where it finds a word in them, and closes them where it does not.
  const search = terms.join(' ');
  const [chosen, setChosen] = useState<{ open: boolean; search: string } | null>(null);
  // A board renders many cards and re-renders them on every change: each reads its text once.
  const { long, folded } = useMemo(() => ({ long: detailsLong(text), folded: fold(text) }), [text]);
  const found = terms.some((term) => worthMarking(term) && folded.includes(term));
  const open = !long || (chosen?.search === search ? chosen.open : found);
  return (
    <div data-testid="task-details" data-open={open} className="mt-1 text-xs text-slate-800">
      <p id={id} className={open ? 'break-words whitespace-pre-wrap' : 'line-clamp-2 break-words whitespace-pre-wrap'}>
        <Highlight text={text} terms={terms} />
      </p>
      {long && (
        <button
          type="button"
          data-testid="task-details-toggle"
          aria-expanded={open}
          aria-controls={id}
          // A board holds many: each says whose details it shows or hides.
          aria-describedby={titleId}
          onClick={() => setChosen({ open: !open, search })}
          className="mt-0.5 rounded text-xs font-medium text-blue-800 underline focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-blue-600"
        >
          {open ? t('detailsLess') : t('detailsMore')}
        </button>
      )}
    </div>
  );
}
