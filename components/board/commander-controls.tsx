'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { useBoard } from './board-context';
import { EditIncidentDialog } from './edit-incident-dialog';
import { PhaseMenu } from './phase-menu';
import { probe } from './probes';
import { SeverityDialog } from './severity-dialog';

/** Phase, severity and incident details: for commanders and admins only (AUTH2). */
export function CommanderControls() {
  const t = useTranslations('board.commander');
  const { state, can } = useBoard();
  const [dialog, setDialog] = useState<'severity' | 'edit' | null>(null);
  const canPhase = can(probe.changePhase(state, state.phase === 'response' ? 'containment' : 'response'));
  const canSeverity = can(probe.changeSeverity(state, state.severity === 'I' ? 'II' : 'I'));
  const canEdit = can(probe.updateIncident(state));
  if (!canPhase && !canSeverity && !canEdit) return null;
  return (
    <div className="flex items-center gap-1.5" data-testid="commander-controls">
      {canPhase && <PhaseMenu />}
      {canSeverity && (
        <Button size="sm" data-testid="change-severity" onClick={() => setDialog('severity')}>
          {t('severity')}
        </Button>
      )}
      {canEdit && (
        <Button size="sm" data-testid="edit-incident" onClick={() => setDialog('edit')}>
          {t('edit')}
        </Button>
      )}
      {dialog === 'severity' && <SeverityDialog onClose={() => setDialog(null)} />}
      {dialog === 'edit' && <EditIncidentDialog onClose={() => setDialog(null)} />}
    </div>
  );
}
