import type { ReactNode } from 'react';
import { preload } from 'react-dom';
import { AGENCIES_PATH } from '@/lib/client/api/agencies';
import { FETCH_PRELOAD } from '@/lib/client/api/fetch-json';
import { ME_PATH } from '@/lib/client/api/me';
import { AppHeader } from '@/components/shell/app-header';
import { AuthGate } from '@/components/shell/auth-gate';

/** Every page behind sign-in: the header on top, the page fills the rest of the screen. */
export default function SignedInLayout({ children }: { children: ReactNode }) {
  // What AuthGate asks for before it renders the page (the account, the agency list) starts with
  // the HTML; the browser hands these answers to the page's own requests.
  preload(ME_PATH, FETCH_PRELOAD);
  preload(AGENCIES_PATH, FETCH_PRELOAD);
  return (
    <AuthGate>
      <AppHeader />
      <main className="flex min-h-0 flex-1 flex-col">{children}</main>
    </AuthGate>
  );
}
