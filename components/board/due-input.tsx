'use client';

import { useTranslations } from 'next-intl';
import { Button } from '@/components/ui/button';
import { TextInput } from '@/components/ui/inputs';
import { localMinute } from '@/lib/i18n/local-date';

/** epoch ms → the local "YYYY-MM-DDTHH:mm" a datetime-local input shows. */
export function toLocalInput(ms: number | null): string {
  return ms === null ? '' : localMinute(new Date(ms));
}

function fromLocalInput(value: string): number | null {
  if (!value) return null;
  const ms = new Date(value).getTime();
  return Number.isFinite(ms) ? ms : null;
}

/** Shortcuts: a response's minutes, and a day for a hazard's rectification (scenarios.md: "due in 24 h"). */
const QUICK_MINUTES = [10, 30, 60, 24 * 60] as const;

interface Props {
  id?: string;
  value: number | null;
  onChange: (ms: number | null) => void;
  /** Shown, not changed (a finished task's due time, SPEC TASK4): no shortcuts either. */
  disabled?: boolean;
}

/** A local date-time field with "in 10 / 30 / 60 min" and "in 24 h" shortcuts and a clear button. */
export function DueInput({ id, value, onChange, disabled = false }: Props) {
  const t = useTranslations('taskForm.due');
  return (
    <div className="flex flex-wrap items-center gap-1.5">
      <TextInput
        id={id}
        type="datetime-local"
        className="w-52"
        data-testid="task-due-input"
        disabled={disabled}
        value={toLocalInput(value)}
        onChange={(e) => onChange(fromLocalInput(e.target.value))}
      />
      {!disabled && QUICK_MINUTES.map((m) => (
        <Button key={m} size="xs" onClick={() => onChange(Math.ceil((Date.now() + m * 60_000) / 60_000) * 60_000)}>
          {m % 60 === 0 && m > 60 ? t('inHours', { hours: m / 60 }) : t('in', { minutes: m })}
        </Button>
      ))}
      {value !== null && !disabled && (
        <Button size="xs" variant="ghost" onClick={() => onChange(null)}>
          {t('clear')}
        </Button>
      )}
    </div>
  );
}
