// Before the e2e tests: build when there is no build, or when CI asks for a fresh one.
import { spawnSync } from 'node:child_process';
import { hasBuild } from './build-state.mjs';

if (!hasBuild() || process.env.PORTLINE_REBUILD === '1') {
  const r = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
