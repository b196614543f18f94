import type { ReactNode } from 'react';
import { cx } from '@/components/ui/cx';

/** A key as printed on a keyboard. */
export function Kbd({ children, className }: { children: ReactNode; className?: string }) {
  return (
    <kbd className={cx('inline-flex h-5 min-w-5 items-center justify-center rounded border border-slate-400 bg-slate-50 px-1 font-mono text-xs font-semibold text-slate-800 shadow-[0_1px_0_#94a3b8]', className)}>
      {children}
    </kbd>
  );
}
