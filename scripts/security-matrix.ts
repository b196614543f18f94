/**
 * Prints the permission matrix of lib/domain/permissions.ts as markdown: `authorize`
 * evaluated for every role × command × agency relation, and `authorizeAdmin` for
 * every admin action × role.
 *
 *   npx tsx scripts/security-matrix.ts           print the tables
 *   npx tsx scripts/security-matrix.ts --write   replace them in docs/security.md
 *
 * lib/domain/permission-matrix.test.ts fails when docs/security.md differs.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { extractMatrixBlock, renderMatrixMarkdown } from '../lib/domain/permission-matrix';

const table = renderMatrixMarkdown();
if (process.argv.includes('--write')) {
  const file = path.resolve(__dirname, '..', 'docs', 'security.md');
  const doc = readFileSync(file, 'utf8');
  const block = extractMatrixBlock(doc);
  if (!block) {
    console.error(`${file} has no permission-matrix markers`);
    process.exit(1);
  }
  writeFileSync(file, doc.replace(block, table));
  console.log(`updated ${path.relative(process.cwd(), file)}`);
} else {
  console.log(table);
}
