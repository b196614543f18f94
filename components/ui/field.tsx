import { useId, type ReactElement, type ReactNode } from 'react';
import { cloneElement } from 'react';
import { cx } from './cx';
import { useLengthNote } from './length-note';

interface FieldProps {
  label: ReactNode;
  hint?: ReactNode;
  error?: ReactNode;
  /** One input element; it gets the id and aria links (and, with `length`, its maxLength). */
  children: ReactElement<{ id?: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean; maxLength?: number }>;
  /** A button acting on the control, shown beside it; the hint and error then wrap to the width of
   *  the two, so a long message does not widen the row the field sits in. */
  action?: ReactNode;
  className?: string;
  /**
   * A text field with a limit: its text and the most characters it holds. The control gets
   * maxLength from `max` (so the limit is written once, here); from 80 % of it the hint says how
   * long the text is (useLengthNote): in the hint's place, or under it with `keepHint` (a hint
   * that must stay, such as a required reason's "1–500 characters"); and a live region just before
   * the field says the limit once when the text reaches it. Give it, or not, for the field's whole
   * life: a field that gains or loses it is mounted anew (its control loses focus).
   */
  length?: { value: string; max: number; keepHint?: boolean };
}

/** A label, one control, an optional hint and an error, wired for screen readers. */
export function Field(props: FieldProps) {
  // The length's hook only where it is wanted: most fields have no limit to say, and need no
  // translations or state for it.
  return props.length ? <MeasuredField {...props} length={props.length} /> : <FieldBody {...props} />;
}

function MeasuredField({ length, hint, ...rest }: FieldProps & { length: NonNullable<FieldProps['length']> }) {
  const { note, cut } = useLengthNote(length.value, length.max);
  const shown = !note ? hint : length.keepHint ? (
    <>
      {hint}
      <span className="block">{note}</span>
    </>
  ) : (
    note
  );
  return (
    <>
      {/* Just before the field, outside its description (useLengthNote says why). */}
      {cut}
      <FieldBody {...rest} hint={shown} maxLength={length.max} />
    </>
  );
}

function FieldBody({ label, hint, error, children, action, className, maxLength }: Omit<FieldProps, 'length'> & { maxLength?: number }) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  // maxLength only when the field has a length: otherwise the control's own (an assignee's) stays.
  const control = cloneElement(children, {
    id,
    'aria-describedby': describedBy,
    'aria-invalid': error ? true : undefined,
    ...(maxLength === undefined ? {} : { maxLength }),
  });
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

/**
 * A group of checkboxes or radios with a visible legend. Its error is the group's description
 * (read with the legend), and marks it (`data-invalid`): a form's failed submit takes the focus
 * to its first control (FormDialog).
 */
export function FieldSet({ legend, children, error }: { legend: ReactNode; children: ReactNode; error?: ReactNode }) {
  const errorId = `${useId()}-error`;
  return (
    <fieldset aria-describedby={error ? errorId : undefined} data-invalid={error ? true : undefined}>
      <legend className="mb-1 text-sm font-medium text-slate-800">{legend}</legend>
      {children}
      {error && (
        <p id={errorId} className="mt-1 text-xs font-medium text-red-700">
          {error}
        </p>
      )}
    </fieldset>
  );
}
