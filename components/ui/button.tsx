import type { ComponentPropsWithRef } from 'react';
import { cx } from './cx';

const VARIANTS = {
  primary: 'bg-blue-700 text-white hover:bg-blue-800 border-blue-800 disabled:bg-slate-400 disabled:border-slate-400',
  secondary: 'bg-white text-slate-900 hover:bg-slate-100 border-slate-400 disabled:text-slate-400',
  danger: 'bg-red-700 text-white hover:bg-red-800 border-red-800 disabled:bg-slate-400 disabled:border-slate-400',
  ghost: 'bg-transparent text-slate-800 hover:bg-slate-200 border-transparent disabled:text-slate-400',
} as const;

const SIZES = {
  xs: 'h-7 px-2 text-xs gap-1',
  sm: 'h-8 px-2.5 text-sm gap-1.5',
  md: 'h-9 px-3.5 text-sm gap-2',
} as const;

export type ButtonProps = ComponentPropsWithRef<'button'> & {
  variant?: keyof typeof VARIANTS;
  size?: keyof typeof SIZES;
};

/** A button's look, for a link that should look like one (a `Link` to a page, a download). */
export function buttonClass({ variant = 'secondary', size = 'md' }: { variant?: keyof typeof VARIANTS; size?: keyof typeof SIZES } = {}): string {
  return cx(
    'inline-flex shrink-0 items-center justify-center rounded border font-medium whitespace-nowrap',
    'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 disabled:cursor-not-allowed',
    VARIANTS[variant],
    SIZES[size],
  );
}

export function Button({ variant = 'secondary', size = 'md', className, type = 'button', ...rest }: ButtonProps) {
  return <button type={type} className={cx(buttonClass({ variant, size }), className)} {...rest} />;
}
