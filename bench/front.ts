import { startNginx, type NginxHandle } from '../server/testing/nginx';
import { readFileSync } from 'node:fs';
import { childPids, childrenOf, newChildPid } from './proc-stats';

const cmdline = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return '';
  }
};

/**
 * nginx in front of a system's two processes, with the repo's
 * deploy/nginx/portline.conf (least_conn, websocket upgrade) as the failover
 * test runs it (server/testing/nginx.ts). Both systems get an nginx of their
 * own with the same config, so the proxy hop is in both figures. The pids are
 * found so that nginx's CPU is counted as the system's, not as outside noise.
 *
 * Two workers (what `worker_processes auto` gives on the 2-core bench machine):
 * one worker has 4096 connections (server/testing/nginx.ts) and every proxied
 * websocket takes two of them, so a single worker refuses clients past ~2,000
 * (seen at 1,900 in the idle-memory test).
 */
const WORKERS = 2;
export interface Front {
  nginx: NginxHandle;
  url: string;
  masterPid: number;
  workerPids: number[];
}

export async function startFront(upstreams: readonly string[]): Promise<Front> {
  const before = new Set(childPids('nginx'));
  const nginx = await startNginx({ upstreams, workers: WORKERS });
  const masterPid = newChildPid(before, 'nginx');
  // Not the cache manager and loader (proxy_cache_path) that are children too.
  const workerPids = childrenOf(masterPid).filter((pid) => cmdline(pid).includes('worker process'));
  if (workerPids.length !== WORKERS) {
    await nginx.stop();
    throw new Error(`nginx started ${workerPids.length} worker processes, not ${WORKERS}`);
  }
  return { nginx, url: nginx.url, masterPid, workerPids };
}
