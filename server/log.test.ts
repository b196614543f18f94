import { describe, expect, it } from 'vitest';
import { createLogger } from './log';

describe('logs', () => {
  it('OPS1: passwords, tokens, cookies and Authorization headers never reach a log line', () => {
    let out = '';
    const log = createLogger('info', 'l', { write: (s: string) => void (out += s) });
    log.warn(
      {
        password: 'pw-1',
        token: 'tok-1',
        body: { currentPassword: 'pw-2', newPassword: 'pw-3', displayToken: 'tok-2', title: 'kept' },
        req: { headers: { authorization: 'Bearer tok-3', cookie: 'portline_session=tok-4', host: 'kept-host' } },
        res: { headers: { 'set-cookie': 'portline_session=tok-5' } },
        headers: { cookie: 'portline_session=tok-6' },
      },
      'a line',
    );
    const line = JSON.parse(out) as Record<string, unknown>;
    expect(out).not.toMatch(/pw-\d|tok-\d/);
    expect(line).toMatchObject({
      password: '[redacted]',
      token: '[redacted]',
      body: { currentPassword: '[redacted]', newPassword: '[redacted]', displayToken: '[redacted]', title: 'kept' },
      req: { headers: { authorization: '[redacted]', cookie: '[redacted]', host: 'kept-host' } },
      res: { headers: { 'set-cookie': '[redacted]' } },
      msg: 'a line',
    });
  });
});
