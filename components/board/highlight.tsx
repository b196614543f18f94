import { highlightParts } from './board-search';

/** A single Latin letter or digit would mark half the board: only longer words, or CJK characters, are marked. */
export const worthMarking = (term: string) => term.length > 1 || !/^[\x00-\x7f]$/.test(term);

/** Text with the words of the search marked. */
export function Highlight({ text, terms }: { text: string; terms: string[] }) {
  const marked = terms.filter(worthMarking);
  if (marked.length === 0) return <>{text}</>;
  return (
    <>
      {highlightParts(text, marked).map((part, i) =>
        part.hit ? (
          <mark key={i} className="rounded-sm bg-yellow-300 px-px text-slate-950">
            {part.text}
          </mark>
        ) : (
          part.text
        ),
      )}
    </>
  );
}
