import { existsSync } from 'node:fs';

/** True when both halves of the production build exist. */
export function hasBuild() {
  return existsSync('.next/BUILD_ID') && existsSync('dist/server.cjs');
}
