'use client';

import { isHexColour } from '@/lib/domain/agencies';
import { TextInput } from '@/components/ui/inputs';

interface Props {
  id?: string;
  'aria-describedby'?: string;
  'aria-invalid'?: boolean;
  value: string;
  onChange: (color: string) => void;
}

/** A #rrggbb text field (labelled by its Field) beside a native colour picker. */
export function ColorInput({ value, onChange, ...aria }: Props) {
  const valid = isHexColour(value);
  return (
    <div className="flex items-center gap-2">
      <input
        type="color"
        tabIndex={-1}
        aria-hidden
        value={valid ? value : '#000000'}
        onChange={(e) => onChange(e.target.value)}
        className="h-9 w-12 shrink-0 cursor-pointer rounded border border-slate-400"
      />
      <TextInput {...aria} data-testid="agency-color-input" className="font-mono" value={value} onChange={(e) => onChange(e.target.value)} />
    </div>
  );
}
