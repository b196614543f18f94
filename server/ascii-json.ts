/** The `\uXXXX` escape of each UTF-16 code unit asciiJson met, made once. */
const U_ESCAPES: Array<string | undefined> = new Array(0x10000);
const NOT_ASCII = /[\u007f-\uffff]+/g;
const escapeRun = (run: string): string => {
  let out = '';
  for (let i = 0; i < run.length; i++) {
    const c = run.charCodeAt(i);
    out += U_ESCAPES[c] ??= `\\u${c.toString(16).padStart(4, '0')}`;
  }
  return out;
};

/**
 * JSON text with every character past `~` (U+007E) written as its `\uXXXX` escape, one per
 * UTF-16 code unit (a pair for characters beyond U+FFFF): the same value to any JSON parser,
 * in ASCII. Only valid JSON text may come in (outside strings it is ASCII already).
 *
 * Why: a browser turns a UTF-8 body into a string on the page's main thread, and Chromium does
 * that slowly once there is anything but ASCII in it. A replay chunk of a bilingual incident
 * (about 600 KiB, a fifth of its messages in Chinese) took ~48 ms from fetch to parsed object
 * against ~26 ms for the same chunk in ASCII, on the 2-core machine of docs/performance.md,
 * while JSON.parse itself took 1.8 ms either way. Escaping the chunk costs the server ~1.5 ms
 * (sendJson escapes each stored event text on its own: most are ASCII already, and a regular
 * expression passes over those fastest). Node is no different: better-sqlite3 reads a stored
 * checkpoint state of 1.2 MB in ~8 ms in UTF-8 and ~4 ms in ASCII, so those are stored so.
 */
export function asciiJson(text: string): string {
  return text.replace(NOT_ASCII, escapeRun);
}
