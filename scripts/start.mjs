// `npm start`: build once when there is no build yet, then serve in production mode.
import { spawn, spawnSync } from 'node:child_process';
import { hasBuild } from './build-state.mjs';

if (!hasBuild()) {
  console.log('No build yet: running `npm run build` once (about a minute)…');
  const r = spawnSync('npm', ['run', 'build'], { stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const child = spawn(process.execPath, ['dist/server.cjs'], {
  stdio: 'inherit',
  env: { ...process.env, NODE_ENV: 'production' },
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
