import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import { preload } from 'react-dom';
import { AGENCIES_PATH } from '@/lib/client/api/agencies';
import { FETCH_PRELOAD } from '@/lib/client/api/fetch-json';
import { ME_PATH } from '@/lib/client/api/me';
import { AppHeader } from '@/components/shell/app-header';
import { AuthGate } from '@/components/shell/auth-gate';

/** Every page behind sign-in: the header on top, the page fills the rest of the screen. */
export default async function SignedInLayout({ children }: { children: ReactNode }) {
  // What AuthGate asks for before it renders the page (the account, the agency list) starts with
  // the HTML; the browser hands these answers to the page's own requests. A client navigation
  // into these pages (from the sign-in page, whose answer put the account in the page's cache)
  // asks only for the list: a preloaded account would go unused. Next hides its own RSC header
  // from `headers()`; the browser's Fetch Metadata tells a page load (`document`) from the
  // router's fetch (`empty`), and a browser that sends none gets both hints.
  if ((await headers()).get('sec-fetch-dest') !== 'empty') preload(ME_PATH, FETCH_PRELOAD);
  preload(AGENCIES_PATH, FETCH_PRELOAD);
  return (
    <AuthGate>
      <AppHeader />
      <main className="flex min-h-0 flex-1 flex-col">{children}</main>
    </AuthGate>
  );
}
