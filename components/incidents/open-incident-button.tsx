'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { authorize } from '@/lib/domain/permissions';
import { useActor } from '@/components/shell/account-context';
import { Button } from '@/components/ui/button';
import { OpenIncidentDialog } from './open-incident-dialog';

/** Shown to those who may open incidents (commanders, admins). */
export function OpenIncidentButton() {
  const t = useTranslations('openIncident');
  const actor = useActor();
  const [open, setOpen] = useState(false);
  const allowed =
    authorize(
      actor,
      { type: 'OpenIncident', title: '', description: '', kind: 'drill', scenario: 'other', severity: 'IV', location: '', agencies: [], phase: 'response' },
      null,
    ) === null;
  if (!allowed) return null;
  return (
    <>
      <Button variant="primary" data-testid="open-incident-button" onClick={() => setOpen(true)} className="ml-auto">
        {t('button')}
      </Button>
      {open && <OpenIncidentDialog onClose={() => setOpen(false)} />}
    </>
  );
}
