import type { BrowserContext, Page } from '@playwright/test';

/** An agency's section header as first put in the page: its code, the name in its heading, the colour of its top border. */
export interface FirstHeader {
  agency: string;
  name: string;
  colour: string;
}

/** A slow network for the agency list only: every page of the context gets `/api/agencies` 1.5 s late. */
export async function delayAgencyList(context: BrowserContext): Promise<void> {
  await context.route('**/api/agencies', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await route.continue();
  });
}

/**
 * Records, from the page's first script on, the first agency section matching `selector` put in
 * the page (a board lane, a wall column: `data-agency`, a `header` with the agency's colour as its
 * top border, its name in an `h2`); `firstHeader` reads it once the page is shown.
 */
export async function recordFirstHeader(page: Page, selector: string): Promise<void> {
  await page.addInitScript((sel) => {
    const w = window as unknown as { firstHeader?: FirstHeader };
    new MutationObserver((_, observer) => {
      const section = document.querySelector<HTMLElement>(sel);
      const header = section?.querySelector<HTMLElement>('header');
      if (!section || !header) return;
      w.firstHeader = { agency: section.dataset.agency ?? '', name: section.querySelector('h2')?.textContent ?? '', colour: header.style.borderTopColor };
      observer.disconnect();
    }).observe(document, { childList: true, subtree: true });
  }, selector);
}

export async function firstHeader(page: Page): Promise<FirstHeader | undefined> {
  return page.evaluate(() => (window as unknown as { firstHeader?: FirstHeader }).firstHeader);
}
