// Bundles the event server (server/ + lib/) into dist/server.cjs with esbuild.
// node_modules stay external: Next, Socket.IO, redis and better-sqlite3 load as usual.
import { build } from 'esbuild';

await build({
  entryPoints: ['server/main.ts'],
  outfile: 'dist/server.cjs',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
console.log('built dist/server.cjs');
