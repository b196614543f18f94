import { startNginx, type NginxHandle } from '../server/testing/nginx';
import { childPids, childrenOf, newChildPid } from './proc-stats';

/**
 * nginx in front of a system's two processes, with the repo's
 * deploy/nginx/portline.conf (least_conn, websocket upgrade) as the failover
 * test runs it (server/testing/nginx.ts). Both systems get an nginx of their
 * own with the same config, so the proxy hop is in both figures. The pids are
 * found so that nginx's CPU is counted as the system's, not as outside noise.
 */
export interface Front {
  nginx: NginxHandle;
  url: string;
  /** nginx master and its worker. */
  masterPid: number;
  workerPid: number;
}

export async function startFront(upstreams: readonly string[]): Promise<Front> {
  const before = new Set(childPids('nginx'));
  const nginx = await startNginx({ upstreams });
  const masterPid = newChildPid(before, 'nginx');
  const workerPid = childrenOf(masterPid)[0];
  if (!workerPid) {
    await nginx.stop();
    throw new Error('nginx started without a worker process');
  }
  return { nginx, url: nginx.url, masterPid, workerPid };
}
