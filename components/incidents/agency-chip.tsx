'use client';

import { cx } from '@/components/ui/cx';
import { useAgencyDirectory } from './use-agency-directory';

interface AgencyChipProps {
  code: string;
  /** 'name' shows the full name; 'short' the short code with the name as tooltip. */
  display?: 'name' | 'short';
  className?: string;
}

/** Agency colour plus its name: colour is never the only signal. */
export function AgencyChip({ code, display = 'name', className }: AgencyChipProps) {
  const agencies = useAgencyDirectory();
  const name = agencies.name(code);
  return (
    <span
      data-agency={code}
      title={name}
      className={cx('inline-flex max-w-full items-center gap-1 rounded border border-slate-300 bg-white px-1.5 py-px text-xs font-medium text-slate-800', className)}
    >
      <span aria-hidden className="size-2.5 shrink-0 rounded-sm" style={{ backgroundColor: agencies.color(code) }} />
      <span className="truncate">{display === 'short' ? agencies.short(code) : name}</span>
    </span>
  );
}
