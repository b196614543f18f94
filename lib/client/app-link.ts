/** What a click on a link asks of the page, as far as leaving it goes. */
export interface LinkClick {
  /** The main button, with no key that sends the link elsewhere (a new tab or window, a download). */
  plain: boolean;
  /** The link's absolute address (an anchor's `href` property), its `target` and whether it downloads. */
  href: string;
  target: string;
  download: boolean;
}

/**
 * Where in this app a click on a link would take this tab, as path, query and fragment; null where
 * the click is not a navigation of this tab to a page of the app (another origin, a new tab, a
 * download, a fragment of the same page). A link to the page itself is one: Next reads it again
 * from the server. SPEC SYNC4: such a navigation, while the socket is not
 * live, asks the server first.
 */
export function appNavigation(click: LinkClick, here: { origin: string; pathname: string; search: string }): string | null {
  if (!click.plain || click.download || (click.target !== '' && click.target !== '_self')) return null;
  let to: URL;
  try {
    to = new URL(click.href);
  } catch {
    return null;
  }
  if (to.origin !== here.origin || (to.protocol !== 'http:' && to.protocol !== 'https:')) return null;
  // A fragment of this page only scrolls; the same address without one is read again from the server.
  if (to.pathname === here.pathname && to.search === here.search && to.hash !== '') return null;
  return to.pathname + to.search + to.hash;
}

/** Whether an address of this app is a page (left to the router) rather than a route that answers with a file. */
export function isPage(path: string): boolean {
  return !/^\/api(\/|$|\?)/.test(path);
}

/** Where a click (a DOM event) on a link of the page would take this tab in the app (appNavigation), or null. */
export function clickNavigation(e: MouseEvent): string | null {
  const anchor = e.target instanceof Element ? e.target.closest('a[href]') : null;
  if (!(anchor instanceof HTMLAnchorElement) || e.defaultPrevented) return null;
  const plain = e.button === 0 && !e.metaKey && !e.ctrlKey && !e.shiftKey && !e.altKey;
  return appNavigation({ plain, href: anchor.href, target: anchor.target, download: anchor.hasAttribute('download') }, window.location);
}
