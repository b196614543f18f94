import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const OUTPUTS = ['.next/BUILD_ID', 'dist/server.cjs', 'dist/sw.js'];
const SOURCES = ['app', 'components', 'lib', 'server', 'messages', 'next.config.js', 'package.json', 'postcss.config.mjs'];

/** True when both halves of the production build exist. */
export function hasBuild() {
  return OUTPUTS.every((f) => existsSync(f));
}

function newestMtime(p) {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const name of readdirSync(p)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(path.join(p, name)));
  }
  return newest;
}

/** True when a build exists and no source file changed after it. */
export function buildIsFresh() {
  if (!hasBuild()) return false;
  const built = Math.min(...OUTPUTS.map((f) => statSync(f).mtimeMs));
  return Math.max(...SOURCES.map(newestMtime)) <= built;
}
