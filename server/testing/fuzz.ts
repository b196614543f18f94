/**
 * Building blocks of the hostile-payload fuzz test (server/fuzz.test.ts): a
 * seeded PRNG, hostile values, and how a typed error tells which layer stopped
 * a payload. No dependency: a 20-line generator whose every payload can be
 * reproduced from the printed seed is all this needs (fast-check would add
 * shrinking, which a "nothing may get through" test does not use).
 */

/** mulberry32: small, fast, good enough to spread payloads; reproducible from the seed. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)],
    chance: (p: number) => next() < p,
    /** A v4-shaped uuid from the generator (reproducible, unlike crypto). */
    uuid: (): string => {
      const h = Array.from({ length: 32 }, () => Math.floor(next() * 16).toString(16));
      h[12] = '4';
      h[16] = '89ab'[Math.floor(next() * 4)];
      const s = h.join('');
      return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
    },
  };
}
export type Rng = ReturnType<typeof prng>;

/** Strings a schema lets through: they must be stopped by authorisation or the decision. */
export const PASSING_STRINGS = [
  '<script>alert(document.cookie)</script>',
  '"><img src=x onerror=alert(1)>',
  "'; DROP TABLE events; --",
  'redis.call("FLUSHALL")',
  '{"seq":1,"ts":0,"type":"IncidentOpened"}',
  '${7*7} {{7*7}} #{7*7}',
  '../../../../etc/passwd',
  '\u202egnp.exe\u202c',
  'zero\u200bwidth\u200d\u2060joiner\ufeff',
  '🚒🧯👩🏽‍🚒🏳️‍🌈',
  'Ω≈ç√∫˜µ≤≥÷ 危险品 ثم نفس سقطت',
  'e\u0301\u0301\u0301\u0301\u0301\u0301\u0301',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  '\\u0000 \\ud800',
  '%00%0d%0a',
  'A\r\nSet-Cookie: portline_session=stolen',
  '长'.repeat(190),
] as const;

/** Strings every text field refuses (SPEC LIM1, LIM2). */
export const FAILING_STRINGS = [
  '',
  '   ',
  '\ud800',
  'a\udfffb',
  '\ud83d',
  'NUL\u0000byte',
  'bell\u0007',
  'x'.repeat(4_001),
  '危'.repeat(5_000),
] as const;

/** A payload over the application's 32 KiB cap but under Socket.IO's 64 KiB buffer. */
export const TOO_LARGE = 'y'.repeat(40_000);

export function hostileString(r: Rng, passingShare = 0.8): string {
  return r.chance(passingShare) ? r.pick(PASSING_STRINGS) : r.pick(FAILING_STRINGS);
}

/** Any JSON value of the wrong kind. */
export function wrongValue(r: Rng): unknown {
  const deep = (n: number): unknown => (n === 0 ? 'bottom' : r.chance(0.5) ? [deep(n - 1)] : { d: deep(n - 1) });
  return r.pick<() => unknown>([
    () => null,
    () => true,
    () => -1,
    () => 0.5,
    () => 1e308,
    () => 2 ** 53 + 2,
    () => [],
    () => [1, 'two', null],
    () => ({}),
    () => ({ nested: { deeper: 'x' } }),
    () => deep(200),
    () => hostileString(r, 0.5),
    () => 'not-a-uuid',
    () => '00000000-0000-0000-0000-000000000000',
  ])();
}

/** An object carrying a prototype-pollution key somewhere, as JSON.parse builds it (own property). */
export function withHostileKey(r: Rng, base: Record<string, unknown>): Record<string, unknown> {
  const key = r.pick(['__proto__', 'constructor', 'prototype']);
  const copy = JSON.parse(JSON.stringify(base)) as Record<string, unknown>;
  const target = r.chance(0.5) && copy.command && typeof copy.command === 'object' ? (copy.command as object) : copy;
  // defineProperty, not assignment: assigning "__proto__" would set the prototype instead of adding a key.
  Object.defineProperty(target, key, { value: { polluted: true, isAdmin: true }, enumerable: true, writable: true, configurable: true });
  return copy;
}

export type Layer = 'schema' | 'hostile-key' | 'auth' | 'rate' | 'domain';

/** Which layer produced a typed error (server/validation.ts sets details.issues / details.key). */
export function layerOf(error: { code: string; details?: Record<string, unknown> }): Layer {
  switch (error.code) {
    case 'PAYLOAD_TOO_LARGE':
    case 'UNKNOWN_COMMAND':
      return 'schema';
    case 'BAD_REQUEST':
      if (error.details && 'key' in error.details) return 'hostile-key';
      if (error.details && 'issues' in error.details) return 'schema';
      return 'domain';
    case 'FORBIDDEN':
    case 'UNAUTHENTICATED':
      return 'auth';
    case 'RATE_LIMITED':
      return 'rate';
    default:
      return 'domain';
  }
}
