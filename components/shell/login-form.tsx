'use client';

import { useTranslations } from 'next-intl';
import { useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useState, type FormEvent } from 'react';
import { ApiError } from '@/lib/client/api/api-error';
import { useMe } from '@/lib/client/api/me';
import { useSignIn } from '@/lib/client/api/sign-in';
import { Button } from '@/components/ui/button';
import { ErrorMessage } from '@/components/ui/error-message';
import { Field } from '@/components/ui/field';
import { TextInput } from '@/components/ui/inputs';
import { PASSWORD_PATH } from '@/lib/client/login-path';
import { RateLimitedNotice } from './rate-limited-notice';
import { safeNextPath } from './safe-next';

export function LoginForm() {
  const t = useTranslations('login');
  const router = useRouter();
  const next = safeNextPath(useSearchParams().get('next'));
  const me = useMe();
  const signIn = useSignIn();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState(false);

  // Already signed in (e.g. back button): go where the person was heading.
  useEffect(() => {
    if (me.data) router.replace(me.data.mustChangePassword ? PASSWORD_PATH : next);
  }, [me.data, next, router]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!username.trim() || !password) return setMissing(true);
    setMissing(false);
    signIn.mutate({ username: username.trim(), password });
  };

  const error = signIn.error instanceof ApiError ? signIn.error : null;
  return (
    <form onSubmit={submit} noValidate className="space-y-4" data-testid="login-form">
      <Field label={t('username')}>
        <TextInput data-testid="login-username" autoComplete="username" autoFocus value={username} onChange={(e) => setUsername(e.target.value)} />
      </Field>
      <Field label={t('password')}>
        <TextInput data-testid="login-password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
      </Field>
      {missing && <p role="alert" className="text-sm font-medium text-red-700">{t('missing')}</p>}
      {error && <LoginError key={signIn.submittedAt} error={error} />}
      <Button data-testid="login-submit" type="submit" variant="primary" className="w-full" disabled={signIn.isPending || signIn.isSuccess}>
        {signIn.isPending || signIn.isSuccess ? t('submitting') : t('submit')}
      </Button>
    </form>
  );
}

function LoginError({ error }: { error: ApiError }) {
  const t = useTranslations('login');
  if (error.code === 'RATE_LIMITED' || error.status === 429) {
    const retryAfter = Number(error.details.retryAfter);
    return <RateLimitedNotice retryAfter={Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : 1} />;
  }
  if (error.status === 401 || error.code === 'UNAUTHENTICATED')
    return <p role="alert" data-testid="login-error" data-code="UNAUTHENTICATED" className="rounded border border-red-300 bg-red-50 px-3 py-2 text-sm font-medium text-red-900">{t('invalid')}</p>;
  return (
    <div data-testid="login-error" data-code={error.code}>
      <ErrorMessage error={error} />
    </div>
  );
}
