'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { PHASES, type Phase } from '@/lib/domain/incident/vocabulary';
import { canChangePhase } from '@/lib/domain/incident/transitions';
import { Button } from '@/components/ui/button';
import { Menu } from '@/components/ui/menu';
import { useBoard } from './board-context';
import { ClosePhaseDialog } from './close-phase-dialog';
import { useIncidentPending } from './outbox-items';

/**
 * Moves the incident between phases; closing asks for confirmation (it is final, INC1). The phases
 * offered are those from the phase a pending change will give (none once a close is pending).
 */
export function PhaseMenu() {
  const t = useTranslations();
  const { state, run } = useBoard();
  const from = useIncidentPending().phase ?? state.phase;
  const [confirmClose, setConfirmClose] = useState(false);
  const change = (phase: Phase) => {
    if (phase === 'closed') return setConfirmClose(true);
    void run({ type: 'ChangePhase', expectedVersion: state.version, phase });
  };
  const items = PHASES.filter((p) => canChangePhase(from, p)).map((p) => ({
    key: p,
    label: t('board.commander.toPhase', { phase: t(`phase.${p}`) }),
    onSelect: () => change(p),
    tone: p === 'closed' ? ('danger' as const) : ('default' as const),
    testId: `phase-option-${p}`,
  }));
  return (
    <>
      {items.length === 0 ? (
        <Button size="sm" data-testid="change-phase" disabled>
          {t('board.commander.phase')}
        </Button>
      ) : (
        <Menu
          trigger={
            <Button size="sm" data-testid="change-phase">
              {t('board.commander.phase')}
            </Button>
          }
          items={items}
        />
      )}
      {confirmClose && <ClosePhaseDialog onClose={() => setConfirmClose(false)} />}
    </>
  );
}
