'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Button } from './button';
import { Dialog } from './dialog';
import { ErrorMessage, type ErrorLike } from './error-message';

interface FormDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: ReactNode;
  description?: ReactNode;
  submitLabel: ReactNode;
  /** The cancel button's words when "Cancel" would not say what it keeps ("Keep “On scene”"). */
  cancelLabel?: ReactNode;
  onSubmit: () => void;
  busy?: boolean;
  error?: ErrorLike | null;
  /** The dialog's own words for the error (ErrorMessage `text`) and their tone: a form that knows more than the code says. */
  errorText?: string;
  errorTone?: 'error' | 'warning';
  tone?: 'primary' | 'danger';
  size?: 'sm' | 'md' | 'lg';
  /** Dialog's `closeFocus`. */
  closeFocus?: () => boolean;
  children: ReactNode;
}

/** A dialog holding one form: fields, an error line, cancel and submit. */
export function FormDialog(props: FormDialogProps) {
  const t = useTranslations('common');
  const { open, onOpenChange, title, description, submitLabel, cancelLabel, onSubmit, busy, error, errorText, errorTone, tone = 'primary', size, closeFocus, children } = props;
  // A submit that marks fields (checked before sending, or refused by the server) takes the focus
  // to the first: marks are not announced by themselves, and the focus stayed on the button.
  // Once per submit, until its answer: typing on after it never moves the focus.
  const formRef = useRef<HTMLFormElement>(null);
  const [asked, setAsked] = useState(0);
  const waiting = useRef(0);
  const submittedFrom = useRef<Element | null>(null);
  useEffect(() => {
    if (asked === 0 || waiting.current !== asked) return;
    const form = formRef.current;
    const marked = form?.querySelector<HTMLElement>('[aria-invalid="true"], fieldset[data-invalid] input:not([disabled])');
    // Not from a field the person went on to while the answer was on its way: only from where the
    // submit was made (the button, or the field Enter was pressed in), or from nowhere.
    const at = document.activeElement;
    const free = !at || at === document.body || !form?.contains(at) || at === submittedFrom.current || (at as HTMLButtonElement).type === 'submit';
    if (marked && free) marked.focus();
    // Found, or the answer is in (nothing marked): this submit is done with.
    if (marked || !busy) waiting.current = 0;
  }, [asked, error, busy]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    waiting.current = asked + 1;
    submittedFrom.current = document.activeElement;
    setAsked(asked + 1);
    onSubmit();
  };
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title={title} description={description} size={size} closeFocus={closeFocus}>
      <form ref={formRef} onSubmit={submit} className="flex min-h-0 flex-col" noValidate>
        <div className="min-h-0 space-y-4 overflow-y-auto px-5 py-4">{children}</div>
        {error && (
          <div className="px-5 pb-3">
            <ErrorMessage error={error} text={errorText} tone={errorTone} />
          </div>
        )}
        <div className="flex justify-end gap-2 border-t border-slate-200 bg-slate-50 px-5 py-3">
          <Button data-testid="dialog-cancel" onClick={() => onOpenChange(false)}>{cancelLabel ?? t('cancel')}</Button>
          <Button type="submit" data-testid="dialog-submit" variant={tone} disabled={busy}>
            {busy ? t('saving') : submitLabel}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
