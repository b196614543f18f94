import type { ReactNode } from 'react';
import { AppHeader } from '@/components/shell/app-header';
import { AuthGate } from '@/components/shell/auth-gate';

/** Every page behind sign-in: the header on top, the page fills the rest of the screen. */
export default function SignedInLayout({ children }: { children: ReactNode }) {
  return (
    <AuthGate>
      <AppHeader />
      <main className="flex min-h-0 flex-1 flex-col">{children}</main>
    </AuthGate>
  );
}
