'use client';

import { useCallback } from 'react';
import { domainError, ErrorCode } from '../domain/errors';
import type { IncidentCommandInput } from '../domain/incident/commands';
import type { SubmitResult } from './outbox';
import { useOutbox } from './outbox-provider';
import { sendCommand } from './send-command';
import { useHelloCheck, useSyncSocket } from './sync-provider';

/**
 * Returns a function that sends a command and resolves with its typed ack.
 * Commands go through the account's outbox (lib/client/outbox.ts): written
 * first, sent in order, kept while offline; then the result is `queued`.
 * OpenIncident is sent directly, with the command id its dialog keeps for every
 * press (`commandId`, SPEC IDEM1): an incident that does not exist yet has no
 * board to show it pending on.
 */
export function useSendCommand(): (incidentId: string, command: IncidentCommandInput, opts?: { commandId?: string; stored?: () => void }) => Promise<SubmitResult> {
  const socket = useSyncSocket();
  const hello = useHelloCheck();
  const outbox = useOutbox();
  return useCallback(
    async (incidentId, command, opts = {}) => {
      if (outbox && command.type !== 'OpenIncident') return outbox.submit(incidentId, command, { stored: opts.stored });
      if (!socket) return { ok: false, error: domainError(ErrorCode.TIMEOUT, 'Not connected yet.') };
      // Only on a connection that is this page's account's (SPEC SYNC11), as the outbox sends. Without
      // an outbox a command is in its place in the order once it is answered (`stored` then).
      const ack = await sendCommand(socket, incidentId, command, { commandId: opts.commandId, whenReady: hello?.whenReady });
      opts.stored?.();
      return ack;
    },
    [socket, hello, outbox],
  );
}
