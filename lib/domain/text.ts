import { z } from 'zod';

/**
 * Free text that people type (titles, details, messages, reasons, names) must be
 * well-formed Unicode without invisible control characters (SPEC LIM2). A lone
 * surrogate cannot be encoded as UTF-8 (exports and other systems choke on it)
 * and C0 controls such as NUL are never typed by a person. Tab, newline and
 * carriage return stay; so do emoji, zero-width joiners and right-to-left text,
 * which real messages contain (the UI isolates bidirectional text when it shows it).
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

export function isCleanText(s: string): boolean {
  return !LONE_SURROGATE.test(s) && !CONTROL.test(s);
}

/**
 * The text with each lone surrogate (half of a pair, cut from its other half) replaced by U+FFFD,
 * as String.prototype.toWellFormed does (not in this project's TypeScript lib): encodeURIComponent
 * throws on one (a download's name).
 */
export function wellFormed(text: string): string {
  return text.replace(new RegExp(LONE_SURROGATE.source, 'g'), '\uFFFD');
}

export const CLEAN_TEXT_MESSAGE = 'must be well-formed Unicode without control characters';

/** A string schema with the clean-text check; chain trim/min/max before calling it. */
export function cleanText<S extends z.ZodString>(schema: S): S {
  return schema.refine(isCleanText, CLEAN_TEXT_MESSAGE) as S;
}

/**
 * Text as a search or a comparison sees it: full- and half-width forms folded (NFKC) and lower
 * case, so "ＦＩＲＥ" finds "fire" and "Cool tank ７" is the plan's "cool tank 7".
 */
export function fold(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}
