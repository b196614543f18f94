'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, type ReactNode } from 'react';
import { useAgencies } from '@/lib/client/api/agencies';
import { isUnauthenticated } from '@/lib/client/api/api-error';
import { toErrorLike } from '@/components/ui/error-message';
import { useDisplayIncidents } from '@/lib/client/api/display-incidents';
import type { DisplayLang, DisplayTheme } from '@/lib/client/display-link';
import { queryKeys } from '@/lib/client/query-keys';
import { useListHint } from '@/lib/client/use-list-hint';
import type { DisplayPrincipal } from '@/lib/domain/actor';
import { ErrorCode, type DomainError } from '@/lib/domain/errors';
import { DisplayBar } from './display-bar';
import { DisplayInfoProvider, type DisplayInfo } from './display-context';
import { WallNotice } from './wall-notice';
import { WallStaleOverlay } from './wall-stale';
import { useFollowAgencies, useReadAgainOnReconnect } from '@/lib/client/use-follow-agencies';

interface Props {
  token: string;
  lang: DisplayLang;
  theme: DisplayTheme;
  /** The token was refused (revoked or unknown) on a read. */
  onRevoked: () => void;
  children: ReactNode;
}

/**
 * Checks the token by reading what it covers, then shows the screen; keeps the list
 * current. A failed read never replaces the screen: the last data stays, with the
 * stale warning, and the read is retried for as long as it takes. Only a refused
 * token (401) ends it.
 */
export function DisplayGate({ token, lang, theme, onRevoked, children }: Props) {
  const qc = useQueryClient();
  const covered = useDisplayIncidents(token);
  // As on signed-in pages (AuthGate): the screen waits for the agency list's first answer, so its
  // first frame names and colours each column rather than showing codes in grey until the list
  // arrives. A failed list (codes then) does not hold it.
  const agencies = useAgencies();
  useFollowAgencies();
  const refused = isUnauthenticated(covered.error);
  useEffect(() => {
    if (refused) onRevoked();
  }, [refused, onRevoked]);
  // A moment after an incident changed (coalesced, jittered: useListHint; every wall reads at once otherwise).
  useListHint(() => {
    void qc.invalidateQueries({ queryKey: queryKeys.displayIncidents() });
  });
  // Back from a break (restart, dropped network, sleep): read the list again at once.
  useReadAgainOnReconnect(queryKeys.displayIncidents());

  const data = covered.data;
  // The list shown stays when a read of it fails (retried without end but for a refusal): why,
  // for the overview to say it is not up to date (SPEC SYNC3), as a feed's failure does.
  const failed = data ? (covered.error ?? covered.failureReason) : null;
  const listFailure = useMemo<DomainError | null>(() => (failed ? listReadError(failed) : null), [failed]);
  const listReadAt = covered.dataUpdatedAt || null;
  const info = useMemo<DisplayInfo | null>(() => {
    if (!data) return null;
    const principal: DisplayPrincipal = { role: 'display', displayId: data.display.id, name: data.display.name, scope: data.display.scope };
    return { principal, incidents: data.incidents, lang, theme, listFailure, listReadAt };
  }, [data, lang, theme, listFailure, listReadAt]);

  return (
    <>
      {info && agencies.isFetched ? (
        <DisplayInfoProvider value={info}>
          <DisplayBar />
          <main className="flex min-h-0 flex-1 flex-col">{children}</main>
        </DisplayInfoProvider>
      ) : (
        <WallNotice kind="connecting" />
      )}
      <WallStaleOverlay />
    </>
  );
}

/** A failed read of the wall's list as a feed's error (toErrorLike): no network is a read without an answer. */
function listReadError(err: Error): DomainError {
  const e = toErrorLike(err);
  return { message: e.message, code: (e.code === 'NETWORK' ? ErrorCode.TIMEOUT : e.code) as ErrorCode };
}
