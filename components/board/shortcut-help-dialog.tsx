'use client';

import { useTranslations } from 'next-intl';
import { Fragment, type ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { Checkbox } from '@/components/ui/inputs';
import { Kbd } from './kbd';
import { keyLabel, SHORTCUTS } from './shortcuts';
import { useSingleKeyShortcuts } from './use-board-shortcuts';

function Keys({ keys, or }: { keys: string[]; or: string }) {
  return (
    <>
      {keys.map((k, i) => (
        <Fragment key={k}>
          {i > 0 && <span className="mx-1 text-xs text-slate-600">{or}</span>}
          <Kbd>{keyLabel(k)}</Kbd>
        </Fragment>
      ))}
    </>
  );
}

function Row({ keys, children, testId }: { keys: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <div className="flex items-baseline gap-3 py-1.5" data-testid={testId}>
      <dt className="w-44 shrink-0 text-right">{keys}</dt>
      <dd className="text-sm">{children}</dd>
    </div>
  );
}

/** Every board shortcut with its keys, from the same table the key handler uses. */
export function ShortcutHelpDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useTranslations('responder.help');
  const tc = useTranslations('common');
  const [singleKeys, setSingleKeys] = useSingleKeyShortcuts();
  return (
    <Dialog open={open} onOpenChange={(o) => !o && onClose()} title={t('title')} description={t('description')} size="md">
      <div className="overflow-y-auto px-5 py-3" data-testid="shortcut-help">
        <dl className="divide-y divide-slate-100">
          {SHORTCUTS.map((s) => (
            <Row key={s.action} testId={`shortcut-${s.action}`} keys={<Keys keys={s.keys} or={t('or')} />}>
              {t(`actions.${s.action}`)}
              {s.onItem && (
                <span className="ml-2 text-xs text-slate-600">
                  ({t('onItem', { keys: s.onItem.map(keyLabel).join(' ') })})
                </span>
              )}
            </Row>
          ))}
        </dl>
        <label className="mt-3 flex items-center gap-2 rounded border border-slate-200 bg-slate-50 px-3 py-2 text-sm">
          <Checkbox data-testid="single-key-shortcuts" checked={singleKeys} onChange={(e) => setSingleKeys(e.target.checked)} />
          <span>
            <span className="font-medium">{t('singleKeys')}</span> <span className="text-xs text-slate-600">{t('singleKeysHint')}</span>
          </span>
        </label>
        <h3 className="mt-3 text-sm font-semibold text-slate-800">{t('inFields')}</h3>
        <dl className="divide-y divide-slate-100">
          <Row keys={<Kbd>Enter</Kbd>}>{t('searchEnter')}</Row>
          <Row keys={<Kbd>Esc</Kbd>}>{t('searchEscape')}</Row>
          <Row keys={<><Kbd>Ctrl</Kbd> + <Kbd>Enter</Kbd></>}>{t('sendMessage')}</Row>
          <Row keys={<><Kbd>Tab</Kbd> <Kbd>Enter</Kbd></>}>{t('onCard')}</Row>
        </dl>
      </div>
      <div className="flex justify-end border-t border-slate-200 bg-slate-50 px-5 py-3">
        <Button data-testid="dialog-cancel" onClick={onClose}>{tc('close')}</Button>
      </div>
    </Dialog>
  );
}
