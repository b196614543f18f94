import pino from 'pino';

/** Structured JSON logs (pino: fast, well kept, the de-facto Node choice). */
export type Logger = pino.Logger;

export function createLogger(level: string, serverId: string): Logger {
  return pino({ level, base: { server: serverId } });
}
