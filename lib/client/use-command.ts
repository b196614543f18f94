'use client';

import { useCallback } from 'react';
import { domainError, ErrorCode } from '../domain/errors';
import type { IncidentCommandInput } from '../domain/incident/commands';
import type { Ack } from '../protocol/ack';
import type { CommandResult } from '../protocol/socket';
import { sendCommand } from './send-command';
import { useSyncSocket } from './sync-provider';

/** Returns a function that sends a command and resolves with its typed ack. */
export function useSendCommand(): (incidentId: string, command: IncidentCommandInput) => Promise<Ack<CommandResult>> {
  const socket = useSyncSocket();
  return useCallback(
    async (incidentId, command) => {
      if (!socket) return { ok: false, error: domainError(ErrorCode.TIMEOUT, 'Not connected yet.') };
      return sendCommand(socket, incidentId, command);
    },
    [socket],
  );
}
