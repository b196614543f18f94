// Bundles the event server (server/ + lib/) into dist/server.cjs with esbuild.
// node_modules stay external: Next, Socket.IO, redis and better-sqlite3 load as usual.
// Then the service worker (lib/client/offline/service-worker.ts, SPEC SYNC12) into dist/sw.js, the
// server serves it at /sw.js; it carries Next's build id, so every build's worker is a new one.
import { build } from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';

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

// Only beside a Next build (the benchmark bundles the server alone, without one).
const buildId = existsSync('.next/BUILD_ID') ? readFileSync('.next/BUILD_ID', 'utf8').trim() : null;
if (buildId) {
  await build({
    entryPoints: ['lib/client/offline/service-worker.ts'],
    outfile: 'dist/sw.js',
    bundle: true,
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    minify: true,
    define: { __PORTLINE_BUILD__: JSON.stringify(buildId) },
    logLevel: 'warning',
  });
  console.log(`built dist/sw.js (build ${buildId})`);
} else console.log('no Next build (.next/BUILD_ID): dist/sw.js not built');
