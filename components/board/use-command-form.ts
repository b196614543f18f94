'use client';

import { useState } from 'react';
import type { DomainError } from '@/lib/domain/errors';
import type { IncidentCommandInput } from '@/lib/domain/incident/commands';
import { useBoard } from './board-context';
import { conflictAhead } from './outbox-compare';
import { rebaseFields, type Norm } from '@/lib/client/edit-fields';
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

/**
 * A dialog's refusal, taken in once (SPEC CONC1): `takeIn` is called with it during the render that
 * first sees it, to bring the dialog's fields up to date with the thing as it is now. A CONFLICT
 * is taken in only once the board shows the version the server named (`version`: the thing's
 * version on the board), so the fields are refreshed from, and the next save built on, that
 * version; until then `catchingUp` (the dialog waits). `taken`: the error shown is one taken in.
 */
export function useTakeIn(error: DomainError | null, version: number, takeIn: (error: DomainError) => void): { catchingUp: boolean; taken: boolean } {
  const [handled, setHandled] = useState<DomainError | null>(null);
  const catchingUp = error !== null && error !== handled && conflictAhead(error, version);
  if (error && error !== handled && !catchingUp) {
    setHandled(error);
    takeIn(error);
  }
  return { catchingUp, taken: error !== null && error === handled };
}

/**
 * An edit dialog's fields (SPEC CONC1): the draft, where it started (`base`), and after a CONFLICT
 * (taken in once the board shows the named version: useTakeIn) the draft brought up to date with
 * `live`, the thing as it is now: the fields the person did not touch take the live values, their
 * own edits stay, and `changedMeanwhile` names what someone else changed (empty otherwise).
 */
export function useEditDraft<T, K extends keyof T>(opts: { error: DomainError | null; version: number; fields: readonly K[]; start: () => T; live: T | null; norm?: Norm<T> }) {
  const [base, setBase] = useState(opts.start);
  const [draft, setDraft] = useState(base);
  const [changed, setChanged] = useState<K[]>([]);
  const { catchingUp, taken } = useTakeIn(opts.error, opts.version, (refusal) => {
    if (refusal.code !== 'CONFLICT' || !opts.live) return;
    const next = rebaseFields(opts.fields, base, draft, opts.live, opts.norm);
    setBase(opts.live);
    setDraft(next.draft);
    setChanged(next.changed);
  });
  const changedMeanwhile = opts.error?.code === 'CONFLICT' && taken ? changed : [];
  return { base, draft, setDraft, catchingUp, changedMeanwhile };
}
