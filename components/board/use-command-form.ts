'use client';

import { useEffect, useRef, useState } from 'react';
import type { DomainError } from '@/lib/domain/errors';
import type { IncidentCommandInput } from '@/lib/domain/incident/commands';
import { useBoard } from './board-context';

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
  // Still on screen to show a refusal? If not (closed while sending, or its card moved away), the
  // refused change stays in the outbox for the person to decide instead of vanishing.
  const mounted = useRef(false);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const submit = async (build: (expectedVersion: number) => IncidentCommandInput): Promise<boolean> => {
    setBusy(true);
    setError(null);
    const ack = await run(build(version), { quiet: true, shown: () => mounted.current });
    setBusy(false);
    if (ack.ok) return true;
    const current = ack.error.details?.currentVersion;
    if (ack.error.code === 'CONFLICT' && typeof current === 'number') setVersion(current);
    setError(ack.error);
    return false;
  };

  return { busy, error, submit };
}
