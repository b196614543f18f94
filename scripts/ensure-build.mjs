// Before the e2e tests: build when there is no build or a source file changed since.
import { spawnSync } from 'node:child_process';
import { buildIsFresh } from './build-state.mjs';

if (!buildIsFresh()) {
  console.log('Building the app for the e2e tests…');
  const r = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
