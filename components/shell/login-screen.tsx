'use client';

import { useTranslations } from 'next-intl';
import { Suspense, useEffect } from 'react';
import { useMe } from '@/lib/client/api/me';
import { forgetOfflineCopies } from '@/lib/client/offline/forget';
import { LanguageSwitcher } from './language-switcher';
import { LoginForm } from './login-form';
import { SessionEndedNotice } from './session-ended-notice';

export function LoginScreen() {
  const t = useTranslations();
  // The server says there is no session here (signed out, revoked, expired, never signed in): what
  // this browser kept for offline use goes (SPEC SYNC12). Not for a person still signed in who
  // came here (a bookmark, the back button: the form sends them on), nor when the account could
  // not be read (offline). After a sign-out in this tab this forgets a second time (resetSessionCache
  // forgot when the server confirmed it), and both stay. The sign-out's own covers a tab closed before
  // this page shows: the keeper would write what it was about to as the page goes, and a later load
  // offline would be answered the worker's copy of the account and go on as that person. This one
  // covers the sign-in page reached without it (a session ended or revoked, a sign-out that the
  // server's session:ended brought here before its answer came), and whatever the board kept in the
  // moment between the two.
  const me = useMe();
  const signedOut = me.isSuccess && me.data === null;
  useEffect(() => {
    if (signedOut) void forgetOfflineCopies();
  }, [signedOut]);
  return (
    <div className="flex flex-1 flex-col overflow-y-auto bg-slate-900">
      {/* Landmarks, as on every signed-in page: the language switcher in a banner, the form in main. */}
      <header className="flex justify-end p-4">
        <LanguageSwitcher />
      </header>
      <main className="flex flex-1 items-start justify-center px-4 pt-[8vh] pb-12">
        <div className="w-full max-w-sm">
          <div className="mb-6 text-center text-white">
            <h1 className="text-2xl font-bold tracking-wide">{t('app.name')}</h1>
            <p className="mt-1 text-sm text-slate-300">{t('app.tagline')}</p>
          </div>
          <div className="rounded-md border border-slate-700 bg-white p-6 shadow-xl">
            <h2 className="mb-4 text-lg font-semibold">{t('login.title')}</h2>
            <Suspense>
              <SessionEndedNotice />
              <LoginForm />
            </Suspense>
          </div>
        </div>
      </main>
    </div>
  );
}
