import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractMatrixBlock, renderMatrixMarkdown } from './permission-matrix';

describe('docs/security.md', () => {
  it('AUTH1–AUTH7: its permission matrix is the one lib/domain/permissions.ts gives (run `npx tsx scripts/security-matrix.ts --write` after a change)', () => {
    const doc = readFileSync(path.resolve(__dirname, '../../docs/security.md'), 'utf8');
    expect(extractMatrixBlock(doc)).toBe(renderMatrixMarkdown());
  });
});
