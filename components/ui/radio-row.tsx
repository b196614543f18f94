'use client';

import { cx } from '@/components/ui/cx';

interface Props<T extends string> {
  name: string;
  value: T | null;
  options: { value: T; label: string }[];
  onChange: (value: T) => void;
}

/** Radio buttons drawn as a segmented row of large targets. */
export function RadioRow<T extends string>({ name, value, options, onChange }: Props<T>) {
  return (
    <div className="flex flex-wrap gap-2" role="radiogroup">
      {options.map((o) => (
        <label
          key={o.value}
          className={cx(
            'flex cursor-pointer items-center gap-2 rounded border px-3 py-1.5 text-sm',
            value === o.value ? 'border-blue-700 bg-blue-50 font-semibold text-blue-950' : 'border-slate-400 bg-white',
          )}
        >
          <input
            type="radio"
            name={name}
            value={o.value}
            data-testid={`${name}-${o.value}`}
            checked={value === o.value}
            onChange={() => onChange(o.value)}
            className="accent-blue-700"
          />
          {o.label}
        </label>
      ))}
    </div>
  );
}
