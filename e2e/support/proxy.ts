import type { Browser, BrowserContext, Locator, Page } from '@playwright/test';
import { startTcpProxy, type TcpProxy } from '../../server/testing/tcp-proxy';
import { openBoard } from './board';
import { signedInContext } from './fixtures';
import type { seedHazmatDrill } from './seed';

type HazmatDrill = Awaited<ReturnType<typeof seedHazmatDrill>>;

/**
 * A person on a drill's board, live, whose browser reaches the app only through a TCP proxy
 * (server/testing/tcp-proxy.ts), sign-in included: Playwright's setOffline does not close an open
 * WebSocket, the proxy's faults do, so the test can really drop, stall or quieten the network.
 * `as`: one of the drill's accounts (its fire responder unless said) or one made for the test;
 * `incidentId`: another incident's board; `what`: the board's name in openBoard's timing line.
 *
 * The test stops the proxy in its own `finally`; one whose person never got to the board is
 * stopped here, since the test never got hold of it.
 */
export async function responderBehindProxy(
  browser: Browser,
  app: { port: number },
  drill: Pick<HazmatDrill, 'incidentId' | 'names' | 'password'>,
  locale: 'en' | 'zh-CN',
  opts: { as?: keyof HazmatDrill['names'] | { username: string; password: string }; incidentId?: string; what?: string } = {},
): Promise<{ proxy: TcpProxy; context: BrowserContext; page: Page; indicator: Locator }> {
  const as = opts.as ?? 'fire';
  const { username, password } = typeof as === 'string' ? { username: drill.names[as], password: drill.password(drill.names[as]) } : as;
  const proxy = await startTcpProxy(app.port);
  try {
    const { context, page } = await signedInContext(browser, proxy.url, username, password, locale);
    await openBoard(page, opts.incidentId ?? drill.incidentId, opts.what);
    return { proxy, context, page, indicator: page.getByTestId('connection-state') };
  } catch (err) {
    await proxy.stop();
    throw err;
  }
}
