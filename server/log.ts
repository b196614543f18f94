import pino from 'pino';

/** Structured JSON logs (pino: fast, well kept, the de-facto Node choice). */
export type Logger = pino.Logger;

const SECRET_KEYS = ['password', 'currentPassword', 'newPassword', 'token', 'displayToken', 'authorization', 'cookie', 'set-cookie'];
const member = (key: string) => (/^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `["${key}"]`);

/**
 * Fields never written to a log (SPEC OPS1): at the top of a line's object, one level down
 * (`{ body: { password } }`), and in a `headers` object at either place (`{ req: { headers:
 * { cookie } } }`). Their value is written as `[redacted]`. A log is read by more people, and
 * kept longer, than a password or a token may be.
 */
const REDACTED_PATHS = SECRET_KEYS.flatMap((key) => {
  const m = member(key);
  return [m.startsWith('.') ? m.slice(1) : m, `*${m}`, `headers${m}`, `*.headers${m}`];
});

export function createLogger(level: string, serverId: string, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = { level, base: { server: serverId }, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } };
  return destination ? pino(options, destination) : pino(options);
}
