'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import type { Task } from '@/lib/domain/incident/state';
import { nextTaskStatus } from '@/lib/domain/incident/transitions';
import { Button } from '@/components/ui/button';
import { useBoard } from './board-context';
import { probe } from './probes';

/** One click to the next step: acknowledge → start → done (blocked: resume). */
export function TaskNextButton({ task }: { task: Task }) {
  const t = useTranslations('taskActions');
  const { can, run } = useBoard();
  const [busy, setBusy] = useState(false);
  const next = nextTaskStatus(task.status);
  if (!next || !can(probe.changeTaskStatus(task, next))) return null;
  const label = task.status === 'blocked' ? t('unblock') : t(`next.${next}`);
  const click = async () => {
    setBusy(true);
    await run({ type: 'ChangeTaskStatus', taskId: task.id, expectedVersion: task.version, to: next });
    setBusy(false);
  };
  return (
    <Button
      size="sm"
      variant={next === 'done' ? 'primary' : 'secondary'}
      data-testid="task-next-status"
      data-next={next}
      disabled={busy}
      onClick={() => void click()}
      className="mt-2 w-full"
    >
      {label}
    </Button>
  );
}
