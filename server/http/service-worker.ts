import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { sendError } from './respond';
import { domainError, ErrorCode } from '../../lib/domain/errors';

/** Where the service worker is served (SPEC SYNC12): at the site's root, so its scope is the whole site. */
export const SERVICE_WORKER_PATH = '/sw.js';

/**
 * Serves the build's service worker (dist/sw.js, bundled by scripts/build-server.mjs), read once
 * found. `file` null (the dev server, whose pages register none; a server without Next), or no
 * such file (a server started before its build finished): a typed 404 NOT_FOUND, and the page goes on without a
 * worker. `no-cache`: the browser asks again on each page load whether it changed, so a new
 * build's worker replaces the old one at the next load.
 */
export function createServiceWorkerHandler(file: string | null = path.join(process.cwd(), 'dist', 'sw.js')) {
  let body: Buffer | null = null;
  const notFound = (res: ServerResponse, why: string) => sendError(res, domainError(ErrorCode.NOT_FOUND, why));
  return (req: IncomingMessage, res: ServerResponse): void => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return notFound(res, 'No such route.');
    if (!file) return notFound(res, 'This server serves no service worker (not a production build).');
    void (body ? Promise.resolve(body) : readFile(file)).then(
      (js) => {
        body = js;
        res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache', 'content-length': js.length });
        res.end(req.method === 'HEAD' ? undefined : js);
      },
      () => notFound(res, 'This server has no service worker (no production build).'),
    );
  };
}
