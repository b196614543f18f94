/**
 * Text past ASCII for tests of what is sent or stored as ASCII JSON (server/ascii-json.ts):
 * Chinese, an emoji (a surrogate pair) and lone surrogates, the line and paragraph separators,
 * DEL, and ASCII that JSON escapes itself.
 */
export const NON_ASCII_SAMPLES: readonly string[] = [
  '海关已核对舱单，等待化验结果',
  'emoji 🚢 beyond U+FFFF, a lone high surrogate \ud800 and low \udc00',
  'line\u2028separator\u2029paragraph, DEL \u007f, tilde ~, NUL \u0000, quote " and backslash \\',
  'Ünïcödé, café, 边检 — “quotes” ‘single’',
  '',
];
