'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { LIMITS } from '@/lib/domain/limits';
import { ApiError } from '@/lib/client/api/api-error';
import { useChangePassword } from '@/lib/client/api/change-password';
import { Button } from '@/components/ui/button';
import { ErrorMessage } from '@/components/ui/error-message';
import { Field } from '@/components/ui/field';
import { TextInput } from '@/components/ui/inputs';
import { useNotify } from '@/components/ui/notices';
import { useAccount } from './account-context';

export function ChangePasswordForm() {
  const t = useTranslations('password');
  const account = useAccount();
  const router = useRouter();
  const notify = useNotify();
  const change = useChangePassword();
  const [form, setForm] = useState({ current: '', next: '', confirm: '' });
  const [submitted, setSubmitted] = useState(false);

  const tooShort = form.next.length < LIMITS.passwordMin || form.next.length > LIMITS.passwordMax;
  const mismatch = form.confirm !== form.next;
  const problems = {
    current: !form.current ? t('required') : null,
    next: tooShort ? t('tooShort', { min: LIMITS.passwordMin }) : form.next === form.current ? t('same') : null,
    confirm: mismatch ? t('mismatch') : null,
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (problems.current || problems.next || problems.confirm) return;
    change.mutate(
      { currentPassword: form.current, newPassword: form.next },
      {
        onSuccess: () => {
          notify({ tone: 'success', title: t('done') });
          router.replace('/incidents');
        },
      },
    );
  };
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));
  const error = change.error instanceof ApiError ? change.error : null;

  return (
    <form onSubmit={submit} noValidate className="mx-auto max-w-md space-y-4 rounded-md border border-slate-300 bg-white p-6" data-testid="change-password-form">
      <h1 className="text-lg font-semibold">{t('title')}</h1>
      {account.mustChangePassword && (
        <p role="alert" className="rounded border border-amber-500 bg-amber-50 px-3 py-2 text-sm text-amber-950">{t('forced')}</p>
      )}
      <Field label={t('current')} error={submitted ? problems.current : null}>
        <TextInput data-testid="password-current" type="password" autoComplete="current-password" value={form.current} onChange={set('current')} />
      </Field>
      <Field label={t('new')} hint={t('hint', { min: LIMITS.passwordMin })} error={submitted ? problems.next : null}>
        <TextInput data-testid="password-new" type="password" autoComplete="new-password" value={form.next} onChange={set('next')} />
      </Field>
      <Field label={t('confirm')} error={submitted ? problems.confirm : null}>
        <TextInput data-testid="password-confirm" type="password" autoComplete="new-password" value={form.confirm} onChange={set('confirm')} />
      </Field>
      {error && <ErrorMessage error={error.code === 'FORBIDDEN' ? { code: 'WRONG_PASSWORD', message: error.message } : error} />}
      <Button data-testid="password-submit" type="submit" variant="primary" disabled={change.isPending}>
        {change.isPending ? t('saving') : t('submit')}
      </Button>
    </form>
  );
}
