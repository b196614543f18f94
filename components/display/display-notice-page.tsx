'use client';

import { useTranslations } from 'next-intl';
import { Bi } from './wall-lang';

/** A whole-screen message instead of the wall: the token was revoked, or the link has none. */
export function DisplayNoticePage({ kind }: { kind: 'revoked' | 'noLink' }) {
  return (
    <div
      role="alert"
      data-testid={kind === 'revoked' ? 'display-revoked' : 'display-no-link'}
      className="flex flex-1 flex-col items-center justify-center gap-[1.5rem] px-[2rem] text-center"
    >
      <p className="text-[1rem] font-semibold tracking-widest text-(--wall-muted) uppercase">
        <AppName />
      </p>
      <h1 className="text-[3rem] leading-tight font-bold">
        <Bi stack>
          <Notice kind={kind} part="title" />
        </Bi>
      </h1>
      <p className="max-w-[50rem] text-[1.5rem] text-(--wall-muted)">
        <Bi stack>
          <Notice kind={kind} part="body" />
        </Bi>
      </p>
    </div>
  );
}

function AppName() {
  return <>{useTranslations('app')('name')}</>;
}

function Notice({ kind, part }: { kind: 'revoked' | 'noLink'; part: 'title' | 'body' }) {
  return <>{useTranslations(`display.${kind}`)(part)}</>;
}
