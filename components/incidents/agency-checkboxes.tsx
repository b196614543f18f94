'use client';

import { Checkbox } from '@/components/ui/inputs';
import { useAgencyDirectory } from './use-agency-directory';

interface Props {
  value: string[];
  onChange: (codes: string[]) => void;
  /** Agencies that cannot be unticked (e.g. they still have active tasks). */
  locked?: ReadonlySet<string>;
  lockedHint?: string;
}

/** One checkbox per known agency, with its colour and name. */
export function AgencyCheckboxes({ value, onChange, locked, lockedHint }: Props) {
  const agencies = useAgencyDirectory();
  const toggle = (code: string, on: boolean) =>
    onChange(on ? [...value, code] : value.filter((c) => c !== code));
  return (
    <div className="grid grid-cols-2 gap-x-4 gap-y-1.5" data-testid="agency-checkboxes">
      {agencies.list.map((a) => {
        const isLocked = locked?.has(a.code) ?? false;
        return (
          <label key={a.code} className="flex items-center gap-2 text-sm" title={isLocked ? lockedHint : undefined}>
            <Checkbox
              name="agencies"
              value={a.code}
              data-agency={a.code}
              checked={value.includes(a.code)}
              disabled={isLocked}
              onChange={(e) => toggle(a.code, e.target.checked)}
            />
            <span aria-hidden className="size-3 shrink-0 rounded-sm" style={{ backgroundColor: a.color }} />
            <span className="truncate">{agencies.name(a.code)}</span>
            <span className="text-xs text-slate-500">{a.short}</span>
          </label>
        );
      })}
    </div>
  );
}
