import { useId, type ReactElement, type ReactNode } from 'react';
import { cloneElement } from 'react';
import { cx } from './cx';

interface FieldProps {
  label: ReactNode;
  hint?: ReactNode;
  error?: ReactNode;
  /** One input element; it gets the id and aria links. */
  children: ReactElement<{ id?: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean }>;
  /** A button acting on the control, shown beside it; the hint and error then wrap to the width of
   *  the two, so a long message does not widen the row the field sits in. */
  action?: ReactNode;
  className?: string;
}

/** A label, one control, an optional hint and an error, wired for screen readers. */
export function Field({ label, hint, error, children, action, className }: FieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  const control = cloneElement(children, { id, 'aria-describedby': describedBy, 'aria-invalid': error ? true : undefined });
  return (
    <div className={className}>
      <label htmlFor={id} className="mb-1 block text-sm font-medium text-slate-800">
        {label}
      </label>
      {action ? (
        <div className="flex items-center gap-2">
          {control}
          {action}
        </div>
      ) : (
        control
      )}
      {/* w-0 min-w-full: as wide as the control (and action), never wider. */}
      {hint && (
        <p id={hintId} className={cx('mt-1 text-xs text-slate-600', !!action && 'w-0 min-w-full')}>
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className={cx('mt-1 text-xs font-medium text-red-700', !!action && 'w-0 min-w-full')}>
          {error}
        </p>
      )}
    </div>
  );
}

/** A group of checkboxes or radios with a visible legend. */
export function FieldSet({ legend, children, error }: { legend: ReactNode; children: ReactNode; error?: ReactNode }) {
  return (
    <fieldset>
      <legend className="mb-1 text-sm font-medium text-slate-800">{legend}</legend>
      {children}
      {error && <p className="mt-1 text-xs font-medium text-red-700">{error}</p>}
    </fieldset>
  );
}
