import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** The rules the specs hold pages to: WCAG 2.0 and 2.1, levels A and AA, and axe's best practices. */
export const WCAG21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

/**
 * Moderate rules the pages are held to all the same, because none of them breaks them: `region`
 * (content outside the landmarks; an open menu's content is put in the page's main: components/ui/menu.tsx).
 */
const HELD_MODERATE = new Set(['region']);

/**
 * Runs axe on the page as it is now and fails on serious or critical violations (and on
 * HELD_MODERATE's), naming
 * each with the first elements it found; the rule counts and the minor ones are printed.
 * `tags` limits the rules (e.g. the WCAG 2.1 AA set and best practices); all by default. `exclude`
 * leaves out what a person chose to fade (the replay's filtered-out lanes and events).
 */
export async function expectNoSeriousA11yIssues(page: Page, what: string, tags?: string[], exclude: string[] = []): Promise<void> {
  const builder = new AxeBuilder({ page });
  for (const selector of exclude) builder.exclude(selector);
  const result = await (tags ? builder.withTags(tags) : builder).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical' || HELD_MODERATE.has(v.id));
  const minor = result.violations.filter((v) => !bad.includes(v)).map((v) => `${v.id} (${v.impact}, ${v.nodes.length})`);
  console.log(`${what}: ${result.passes.length} rules pass, ${bad.length} serious/critical/held, minor: ${minor.join(', ') || 'none'}`);
  // Every element of a failing one, with axe's reason (the assertion below names the first five).
  for (const v of bad) for (const n of v.nodes) console.log(`  ${v.id}: ${n.target.join(' ')}: ${(n.failureSummary ?? '').replace(/\s+/g, ' ')}`);
  expect(bad.map((v) => `${what}: ${v.id} (${v.impact}) ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')}`)).toEqual([]);
}
