'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useEffect, useMemo, type ReactNode } from 'react';
import { ApiError, isUnauthenticated } from '@/lib/client/api/api-error';
import { useDisplayIncidents } from '@/lib/client/api/display-incidents';
import type { DisplayLang } from '@/lib/client/display-link';
import { queryKeys } from '@/lib/client/query-keys';
import { useSocketEvent } from '@/lib/client/use-socket-event';
import type { DisplayPrincipal } from '@/lib/domain/actor';
import { ErrorMessage } from '@/components/ui/error-message';
import { Spinner } from '@/components/ui/spinner';
import { DisplayBar } from './display-bar';
import { DisplayInfoProvider, type DisplayInfo } from './display-context';

interface Props {
  token: string;
  lang: DisplayLang;
  /** The token was refused (revoked or unknown) on a read. */
  onRevoked: () => void;
  children: ReactNode;
}

/** Checks the token by reading what it covers, then shows the screen; keeps the list current. */
export function DisplayGate({ token, lang, onRevoked, children }: Props) {
  const t = useTranslations('display');
  const qc = useQueryClient();
  const covered = useDisplayIncidents(token);
  const refused = isUnauthenticated(covered.error);
  useEffect(() => {
    if (refused) onRevoked();
  }, [refused, onRevoked]);
  useSocketEvent('incidents:changed', () => {
    void qc.invalidateQueries({ queryKey: queryKeys.displayIncidents() });
  });

  const data = covered.data;
  const info = useMemo<DisplayInfo | null>(() => {
    if (!data) return null;
    const principal: DisplayPrincipal = { role: 'display', displayId: data.display.id, name: data.display.name, scope: data.display.scope };
    return { principal, incidents: data.incidents, token, lang };
  }, [data, token, lang]);

  if (!info) {
    return (
      <div className="mx-auto mt-16 w-full max-w-lg px-4">
        {covered.error instanceof ApiError && !refused ? <ErrorMessage error={covered.error} /> : <Spinner label={t('loading')} />}
      </div>
    );
  }
  return (
    <DisplayInfoProvider value={info}>
      <DisplayBar />
      <main className="flex min-h-0 flex-1 flex-col">{children}</main>
    </DisplayInfoProvider>
  );
}
