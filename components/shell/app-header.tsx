'use client';

import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { cx } from '@/components/ui/cx';
import { ConnectionState } from './connection-state';
import { useAccount } from './account-context';
import { LanguageSwitcher } from './language-switcher';
import { SignOutButton } from './sign-out-button';
import { UserBadge } from './user-badge';

export function AppHeader() {
  const t = useTranslations();
  const account = useAccount();
  const pathname = usePathname();
  const nav = [
    { href: '/incidents', label: t('header.incidents'), show: true },
    { href: '/admin', label: t('header.admin'), show: account.role === 'admin' },
  ];
  // One row; two on a narrow screen when the connection state is long (offline, with changes waiting).
  return (
    <header className="flex min-h-12 shrink-0 flex-wrap items-center gap-x-4 gap-y-1 border-b border-slate-950 bg-slate-900 px-4 py-1 text-white print:hidden">
      {/* The header's links are not prefetched either (see ReviewNav). */}
      <Link href="/incidents" prefetch={false} className="flex items-baseline gap-2 font-semibold tracking-wide">
        <span className="text-base">{t('app.name')}</span>
        <span className="hidden text-xs font-normal text-slate-300 lg:inline">{t('app.tagline')}</span>
      </Link>
      <nav aria-label={t('header.nav')} className="flex items-center gap-1">
        {nav
          .filter((n) => n.show)
          .map((n) => (
            <Link
              key={n.href}
              href={n.href}
              prefetch={false}
              data-testid={`nav-${n.href.slice(1)}`}
              aria-current={pathname.startsWith(n.href) ? 'page' : undefined}
              className={cx(
                'rounded px-2.5 py-1 text-sm hover:bg-slate-700',
                pathname.startsWith(n.href) ? 'bg-slate-700 font-semibold' : 'text-slate-200',
              )}
            >
              {n.label}
            </Link>
          ))}
      </nav>
      <div className="ml-auto flex min-w-0 items-center gap-3">
        <ConnectionState />
        <UserBadge />
        <Link href="/account/password" prefetch={false} className="shrink-0 text-xs whitespace-nowrap text-slate-300 underline-offset-2 hover:underline">
          {t('header.password')}
        </Link>
        <LanguageSwitcher />
        <SignOutButton />
      </div>
    </header>
  );
}
