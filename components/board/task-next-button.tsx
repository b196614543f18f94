'use client';

import { useTranslations } from 'next-intl';
import { useRef, useState } from 'react';
import type { Task } from '@/lib/domain/incident/state';
import { nextTaskStatus } from '@/lib/domain/incident/transitions';
import { Button } from '@/components/ui/button';
import { useBoard } from './board-context';
import { focusAfterLeaving } from './board-focus';
import { useIncidentPending } from './outbox-items';
import { probe } from './probes';

/** One click (or Enter) to the next step: acknowledge → start → done (blocked: resume). The rest is in the card's menu. */
export function TaskNextButton({ task }: { task: Task }) {
  const t = useTranslations('taskActions');
  const { can, run } = useBoard();
  // Busy for the version it was pressed at: the change's event often comes before its ack, and
  // then the button already offers the next step, which a press must not be ignored for.
  const [busyAt, setBusyAt] = useState<number | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  const busy = busyAt === task.version;
  // From the status a status change that waits to be sent will give it (the server takes them in
  // order), as the card's menu does: a step already queued is not offered again (SPEC SYNC4).
  const from = useIncidentPending().taskStatus[task.id] ?? task.status;
  const next = nextTaskStatus(from);
  if (!next || !can(probe.changeTaskStatus(task, next))) return null;
  const label = from === 'blocked' ? t('unblock') : t(`next.${next}`);
  const click = async () => {
    if (busy) return;
    const at = task.version;
    setBusyAt(at);
    // Done, the card goes to the lane's closed list (offline, this button goes while the step
    // waits), and the focus with it: kept near (board-focus).
    const keepFocus = focusAfterLeaving(button.current?.closest<HTMLElement>('[data-board-task]') ?? null);
    await run({ type: 'ChangeTaskStatus', taskId: task.id, expectedVersion: at, to: next });
    setBusyAt((b) => (b === at ? null : b));
    keepFocus();
  };
  return (
    <Button
      ref={button}
      size="sm"
      variant={next === 'done' ? 'primary' : 'secondary'}
      data-testid="task-next-status"
      data-next={next}
      // aria-disabled, not disabled: a disabled button drops keyboard focus mid-flow.
      aria-disabled={busy || undefined}
      onClick={() => void click()}
      className="mt-2 w-full aria-disabled:cursor-wait aria-disabled:opacity-60"
    >
      {label}
    </Button>
  );
}
