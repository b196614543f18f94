'use client';

import { useTranslations } from 'next-intl';
import { useCallback, useMemo } from 'react';
import type { Principal } from '@/lib/domain/actor';
import type { IncidentCommand, IncidentCommandInput } from '@/lib/domain/incident/commands';
import type { IncidentEvent } from '@/lib/domain/incident/events';
import type { IncidentState } from '@/lib/domain/incident/state';
import { authorize } from '@/lib/domain/permissions';
import { useOutboxEntries } from '@/lib/client/outbox-provider';
import { useSendCommand } from '@/lib/client/use-command';
import { useErrorText } from '@/components/ui/error-message';
import { useNotify } from '@/components/ui/notices';
import { useNow } from '@/components/ui/use-now';
import type { Board, RunOptions } from './board-context';

/** Builds the board context: permissions from lib/domain, commands with translated failures. */
export function useBoardValue(state: IncidentState, events: IncidentEvent[], principal: Principal): Board {
  const send = useSendCommand();
  const outbox = useOutboxEntries(state.id);
  const notify = useNotify();
  const errorText = useErrorText();
  const t = useTranslations('board');
  const now = useNow(15_000);

  const can = useCallback(
    (cmd: IncidentCommand) => state.phase !== 'closed' && authorize(principal, cmd, state) === null,
    [principal, state],
  );

  const run = useCallback(
    async (cmd: IncidentCommandInput, opts: RunOptions = {}) => {
      const ack = await send(state.id, cmd);
      if (!ack.ok && !opts.quiet) {
        const conflict = ack.error.code === 'CONFLICT';
        notify({
          tone: conflict ? 'warning' : 'error',
          code: ack.error.code,
          title: conflict ? t('conflict') : errorText(ack.error),
          detail: ack.error.message,
        });
      }
      return ack;
    },
    [send, state.id, notify, errorText, t],
  );

  return useMemo(() => ({ state, events, principal, now, can, run, outbox }), [state, events, principal, now, can, run, outbox]);
}
