'use client';

import { useTranslations } from 'next-intl';
import { useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { TextInput } from '@/components/ui/inputs';

/** The new display link, shown this once (only its hash is stored), with a copy button. */
export function DisplayLinkDialog({ name, link, onClose }: { name: string; link: string; onClose: () => void }) {
  const t = useTranslations('admin.displays.issue');
  const input = useRef<HTMLInputElement>(null);
  const [copy, setCopy] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copyLink = async () => {
    try {
      await navigator.clipboard.writeText(link);
      setCopy('copied');
    } catch {
      // No clipboard (plain http on a closed network): leave the link selected for Ctrl+C.
      input.current?.select();
      setCopy('failed');
    }
  };
  return (
    // Shown this once: Esc or a click beside it does not close it (the link would be gone for good,
    // its screen left unusable in the list until revoked); only Done does.
    <Dialog open onOpenChange={() => undefined} title={t('doneTitle', { name })}>
      <div className="space-y-3 px-5 py-4" data-testid="display-link-dialog">
        <p role="note" data-testid="display-link-once" className="rounded border border-amber-500 bg-amber-50 px-3 py-2 text-sm font-medium text-amber-950">
          {t('onceNote')}
        </p>
        <label className="block text-sm font-medium text-slate-800" htmlFor="display-link">
          {t('link')}
        </label>
        <div className="flex gap-2">
          <TextInput
            ref={input}
            id="display-link"
            data-testid="display-link-input"
            readOnly
            value={link}
            onFocus={(e) => e.currentTarget.select()}
            className="font-mono text-xs"
          />
          <Button variant="primary" data-testid="display-link-copy" onClick={() => void copyLink()}>
            {t('copy')}
          </Button>
        </div>
        <p role="status" className="min-h-5 text-xs font-medium" data-testid="display-link-copy-state" data-state={copy}>
          {copy === 'copied' && <span className="text-emerald-800">{t('copied')}</span>}
          {copy === 'failed' && <span className="text-red-800">{t('copyFailed')}</span>}
        </p>
      </div>
      <div className="flex justify-end border-t border-slate-200 bg-slate-50 px-5 py-3">
        <Button data-testid="display-link-done" onClick={onClose}>{t('done')}</Button>
      </div>
    </Dialog>
  );
}
