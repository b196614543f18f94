const TEXT_INPUT_TYPES = new Set(['text', 'search', 'email', 'password', 'number', 'tel', 'url', 'date', 'datetime-local', 'time', 'month', 'week']);

/** Does this element take typed text? (Checkboxes, radios and buttons do not.) */
export function isTypingTarget(el: { tagName: string; isContentEditable?: boolean; type?: string } | null): boolean {
  if (!el) return false;
  const tag = el.tagName.toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable) return true;
  return tag === 'INPUT' && TEXT_INPUT_TYPES.has((el.type ?? 'text').toLowerCase());
}
