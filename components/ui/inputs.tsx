import type { ComponentPropsWithRef, ReactNode } from 'react';
import { cx } from './cx';

const BASE =
  'w-full rounded border border-slate-400 bg-white px-2.5 text-sm text-slate-900 placeholder:text-slate-500 ' +
  'focus:border-blue-700 focus:outline-2 focus:outline-blue-600/40 disabled:bg-slate-100 disabled:text-slate-500 ' +
  'aria-invalid:border-red-700';

export function TextInput({ className, ...rest }: ComponentPropsWithRef<'input'>) {
  return <input className={cx(BASE, 'h-9', className)} {...rest} />;
}

export function TextArea({ className, rows = 3, ...rest }: ComponentPropsWithRef<'textarea'>) {
  return <textarea rows={rows} className={cx(BASE, 'py-1.5 leading-snug', className)} {...rest} />;
}

export function Select({ className, ...rest }: ComponentPropsWithRef<'select'>) {
  return <select className={cx(BASE, 'h-9 pr-7', className)} {...rest} />;
}

export function Checkbox({ className, ...rest }: Omit<ComponentPropsWithRef<'input'>, 'type'>) {
  return <input type="checkbox" className={cx('size-4 accent-blue-700', className)} {...rest} />;
}

/** A file chosen from the computer, under its label (the imports of an incident log and of plans). */
export function FileInput({ label, className, ...rest }: Omit<ComponentPropsWithRef<'input'>, 'type'> & { label: ReactNode }) {
  return (
    <label htmlFor={rest.id} className={cx('flex flex-col gap-1 text-sm font-medium text-slate-800', className)}>
      {label}
      <input
        type="file"
        className="block text-sm file:mr-3 file:rounded file:border file:border-slate-400 file:bg-white file:px-3 file:py-1.5 file:text-sm file:font-medium"
        {...rest}
      />
    </label>
  );
}
