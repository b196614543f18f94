'use client';

import { useTranslations } from 'next-intl';
import { useCallback, useMemo } from 'react';
import type { Principal } from '@/lib/domain/actor';
import type { DomainError } from '@/lib/domain/errors';
import type { IncidentCommand, IncidentCommandInput } from '@/lib/domain/incident/commands';
import type { IncidentEvent } from '@/lib/domain/incident/events';
import type { IncidentState } from '@/lib/domain/incident/state';
import { authorize } from '@/lib/domain/permissions';
import type { SubmitResult } from '@/lib/client/outbox';
import { useOutbox, useOutboxEntries } from '@/lib/client/outbox-provider';
import { closeWaiting, onBoard } from '@/lib/client/outbox-queue';
import { useConnectionState } from '@/lib/client/sync-provider';
import { useSendCommand } from '@/lib/client/use-command';
import { useErrorText } from '@/components/ui/error-message';
import { useNotify } from '@/components/ui/notices';
import { useNow } from '@/components/ui/use-now';
import type { Board, RunOptions } from './board-context';

/**
 * What a board does with a command's answer (SPEC SYNC4). A refusal leaves the outbox only once a
 * dialog still on screen has shown it: the dialog keeps the person's input and adopts the version
 * now, so a second submit is their decision. A one-click change (the next-step button, the agency
 * status, the phase menu) is told in a notice, gone in seconds and with no choice in it: its entry
 * stays in the outbox, refused, for "Needs your decision" (both versions; apply mine anyway).
 */
export function onAnswer(ack: SubmitResult, opts: RunOptions, { discard, notify }: { discard: (commandId: string) => void; notify: (error: DomainError) => void }): void {
  if (ack.ok) return;
  if (ack.refusedEntry && opts.quiet && opts.shown?.() === true) discard(ack.refusedEntry);
  if (!opts.quiet) notify(ack.error);
}

/** Builds the board context: permissions from lib/domain, commands with translated failures. */
export function useBoardValue(state: IncidentState, events: IncidentEvent[], principal: Principal): Board {
  const send = useSendCommand();
  const outboxBox = useOutbox();
  // As the board at its seq shows them: one applied but not yet folded here (a feed catching up
  // after a reconnect) is still pending, so nothing vanishes meanwhile (onBoard).
  const withApplied = useOutboxEntries(state.id, { withApplied: true });
  const outbox = useMemo(() => onBoard(withApplied, state.seq), [withApplied, state.seq]);
  const notify = useNotify();
  const errorText = useErrorText();
  const t = useTranslations('board');
  const now = useNow(15_000);

  // A close waiting while not live (queued offline, or sent just before the link dropped) is the
  // incident's last change: whatever the person queued after it would be refused INCIDENT_CLOSED
  // once it is through, a message nobody gets among them, so the board offers nothing more
  // meanwhile (SPEC SYNC4, INC2). Not while live: its dialog stays, to show a refusal in place.
  const live = useConnectionState() === 'live';
  const closing = useMemo(() => !live && closeWaiting(outbox, state.id), [live, outbox, state.id]);
  const can = useCallback(
    (cmd: IncidentCommand) => state.phase !== 'closed' && !closing && authorize(principal, cmd, state) === null,
    [principal, state, closing],
  );

  const run = useCallback(
    async (cmd: IncidentCommandInput, opts: RunOptions = {}) => {
      const ack = await send(state.id, cmd, { stored: opts.stored });
      onAnswer(ack, opts, {
        discard: (commandId) => void outboxBox?.discard(commandId),
        notify: (error) => {
          const conflict = error.code === 'CONFLICT';
          notify({ tone: conflict ? 'warning' : 'error', code: error.code, title: conflict ? t('conflict') : errorText(error), detail: error.message });
        },
      });
      return ack;
    },
    [send, state.id, notify, errorText, t, outboxBox],
  );

  return useMemo(() => ({ state, events, principal, now, can, run, outbox }), [state, events, principal, now, can, run, outbox]);
}
