import type { ReactNode } from 'react';

/** "old → new": the old value muted, the new one bold. */
export function Change({ label, from, to }: { label?: ReactNode; from: ReactNode; to: ReactNode }) {
  return (
    <span className="mr-2 inline-block">
      {label && <span className="text-slate-600">{label} </span>}
      <span className="text-slate-600">{from}</span>
      <span aria-hidden className="mx-1 text-slate-500">→</span>
      <span className="font-semibold text-slate-900">{to}</span>
    </span>
  );
}
