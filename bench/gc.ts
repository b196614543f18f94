import v8 from 'node:v8';
import vm from 'node:vm';

/**
 * A full garbage collection in the bench's server processes (bench/gc-hook.cjs
 * runs gc() on SIGUSR2), then a second for it to finish: what is measured after
 * this is the live heap, not the garbage since the last GC.
 */
export async function fullGcIn(pids: readonly number[]): Promise<void> {
  for (const pid of pids) process.kill(pid, 'SIGUSR2');
  await new Promise((r) => setTimeout(r, 1000));
}

/** gc() in this process (as bench/gc-hook.cjs does in the servers). */
export function gcHere(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}
