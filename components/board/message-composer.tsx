'use client';

import { useTranslations } from 'next-intl';
import { useState, type FormEvent, type KeyboardEvent } from 'react';
import { LIMITS } from '@/lib/domain/limits';
import { newId } from '@/lib/client/new-id';
import { useAgencyDirectory } from '@/components/incidents/use-agency-directory';
import { Button } from '@/components/ui/button';
import { ErrorMessage } from '@/components/ui/error-message';
import { Checkbox, Select, TextArea } from '@/components/ui/inputs';
import { cx } from '@/components/ui/cx';
import { useBoard } from './board-context';
import { FOCUS_IDS } from './board-ui';
import { useCommandForm } from './use-command-form';
import { useLengthNote } from '@/components/ui/length-note';

/** To everyone or one agency, optionally as an alert; Ctrl/⌘+Enter sends. */
export function MessageComposer() {
  const t = useTranslations('messages.composer');
  const { state } = useBoard();
  const agencies = useAgencyDirectory();
  const form = useCommandForm();
  const [text, setText] = useState('');
  const { note, cut } = useLengthNote(text, LIMITS.message);
  const [to, setTo] = useState('');
  const [alert, setAlert] = useState(false);
  // One id per message, kept across retries so a resend never posts it twice (IDEM1).
  const [messageId, setMessageId] = useState(newId);

  // The agency chosen was taken out of the incident meanwhile (SPEC MSG1): the picker would show
  // "To everyone" while the message still went to it (refused). It stays shown, and the person chooses again.
  const gone = to !== '' && !state.agencies.includes(to);

  const send = async (e?: FormEvent) => {
    e?.preventDefault();
    // Taken now: React lets go of the event's currentTarget once this handler has returned.
    const formEl = e?.currentTarget ?? null;
    if (!text.trim() || form.busy || gone) return;
    const ok = await form.submit(() => ({ type: 'PostMessage', messageId, text: text.trim(), toAgency: to || null, alert }));
    if (ok) {
      setText('');
      setAlert(false);
      setMessageId(newId());
      // Sent from the button, which an empty box disables (and a disabled button drops the focus):
      // back to the box, for the next message.
      const box = document.getElementById(FOCUS_IDS.composer);
      if (box && (document.activeElement === null || document.activeElement === document.body || formEl?.contains(document.activeElement)))
        box.focus();
    }
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void send();
  };

  return (
    <form onSubmit={(e) => void send(e)} className="shrink-0 space-y-1.5 border-t border-slate-200 bg-slate-50 p-2" data-testid="message-composer">
      <TextArea id={FOCUS_IDS.composer} data-testid="message-input" aria-keyshortcuts="m" aria-label={t('text')} aria-describedby={note ? `${FOCUS_IDS.composer}-length` : undefined} placeholder={t('placeholder')} rows={2} maxLength={LIMITS.message} value={text} onChange={(e) => setText(e.target.value)} onKeyDown={onKey} />
      {cut}
      {note && (
        <p id={`${FOCUS_IDS.composer}-length`} data-testid="message-length" className="text-xs text-slate-700 tabular-nums">
          {note}
        </p>
      )}
      <div className="flex items-center gap-2">
        <Select data-testid="message-to" aria-label={t('to')} className="h-8 min-w-0 flex-1" value={to} onChange={(e) => setTo(e.target.value)}>
          <option value="">{t('toAll')}</option>
          {state.agencies.map((code) => (
            <option key={code} value={code}>{agencies.name(code)}</option>
          ))}
          {gone && (
            <option value={to} disabled>
              {t('toGone', { agency: agencies.name(to) })}
            </option>
          )}
        </Select>
        <label className={cx('flex items-center gap-1 rounded px-1.5 py-1 text-xs font-semibold', alert && 'bg-red-700 text-white')}>
          <Checkbox data-testid="message-alert" checked={alert} onChange={(e) => setAlert(e.target.checked)} />
          {t('alert')}
        </label>
        <Button type="submit" size="sm" variant={alert ? 'danger' : 'primary'} data-testid="message-send" disabled={form.busy || !text.trim() || gone} className="ml-auto">
          {t('send')}
        </Button>
      </div>
      {gone && (
        <p role="alert" data-testid="message-to-gone" className="text-xs font-semibold text-amber-900">
          {t('toGoneHint', { agency: agencies.name(to) })}
        </p>
      )}
      {form.error && <ErrorMessage error={form.error} />}
    </form>
  );
}
