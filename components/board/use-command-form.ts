'use client';

import { useState } from 'react';
import type { DomainError } from '@/lib/domain/errors';
import type { IncidentCommandInput } from '@/lib/domain/incident/commands';
import { useBoard } from './board-context';
import { useStillShown } from './use-still-shown';

/**
 * State for a dialog that sends one command. The version the person started
 * from is kept (SPEC CONC1): if someone else changed the thing meanwhile, the
 * server answers CONFLICT, the dialog says so and adopts the new version, so a
 * second submit is a conscious decision, never a silent overwrite.
 */
export function useCommandForm(startVersion = 0) {
  const { run } = useBoard();
  const [version, setVersion] = useState(startVersion);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<DomainError | null>(null);
  const shown = useStillShown();

  const submit = async (build: (expectedVersion: number) => IncidentCommandInput): Promise<boolean> => {
    setBusy(true);
    setError(null);
    const ack = await run(build(version), { quiet: true, shown });
    setBusy(false);
    if (ack.ok) return true;
    const current = ack.error.details?.currentVersion;
    if (ack.error.code === 'CONFLICT' && typeof current === 'number') setVersion(current);
    setError(ack.error);
    return false;
  };

  return { busy, error, submit };
}
