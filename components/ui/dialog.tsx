'use client';

import * as RadixDialog from '@radix-ui/react-dialog';
import { useState, type ReactNode } from 'react';
import { cx } from './cx';

interface DialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: ReactNode;
  description?: ReactNode;
  children: ReactNode;
  size?: 'sm' | 'md' | 'lg';
  /**
   * As it closes, takes the focus where the person chose to go (a lane it named), true if it did;
   * else (or when that place cannot take it) the focus goes back to its opener.
   */
  closeFocus?: () => boolean;
}

const WIDTH = { sm: 'max-w-md', md: 'max-w-xl', lg: 'max-w-3xl' } as const;

/**
 * An accessible modal (Radix: focus trap, Escape, aria wiring). Closed, it gives the focus back to
 * what had it when it opened (the button that opened it), as a keyboard user expects: Radix returns
 * it only to a Dialog.Trigger, and these dialogs are opened from state, so it went to the page's
 * body and the next Tab started from the top. A dialog opened from a menu gives it to the menu's
 * button; an opener no longer on the page gets nothing back.
 */
export function Dialog({ open, onOpenChange, title, description, children, size = 'md', closeFocus }: DialogProps) {
  // What had the focus as the dialog came (its first render, before Radix moves the focus in).
  const [opener, setOpener] = useState<HTMLElement | null>(() => focused());
  const [wasOpen, setWasOpen] = useState(open);
  if (open !== wasOpen) {
    setWasOpen(open);
    if (open) setOpener(focused());
  }
  return (
    <RadixDialog.Root open={open} onOpenChange={onOpenChange}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="fixed inset-0 z-40 bg-slate-950/50" />
        <RadixDialog.Content
          // Without a description, none (the title again as its description was read twice; Radix
          // 1.3 leaves it out by itself too, this says so whatever its version does).
          {...(description ? {} : { 'aria-describedby': undefined })}
          onCloseAutoFocus={(e) => {
            e.preventDefault();
            if (closeFocus?.()) return;
            if (opener?.isConnected) opener.focus();
          }}
          className={cx(
            'fixed top-1/2 left-1/2 z-50 flex max-h-[calc(100dvh-2rem)] w-[calc(100vw-2rem)] -translate-x-1/2 -translate-y-1/2 flex-col',
            'rounded-md border border-slate-300 bg-white shadow-2xl focus:outline-none',
            WIDTH[size],
          )}
        >
          <div className="border-b border-slate-200 px-5 py-3">
            <RadixDialog.Title className="text-base font-semibold text-slate-900">{title}</RadixDialog.Title>
            {description && <RadixDialog.Description className="mt-0.5 text-sm text-slate-600">{description}</RadixDialog.Description>}
          </div>
          {children}
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}

/**
 * What has the focus as a dialog opens: the button that opened it, or, for an item of a menu (which
 * leaves the page as the menu closes), the button that opened the menu (Radix labels a menu by its
 * trigger).
 */
function focused(): HTMLElement | null {
  if (typeof document === 'undefined') return null;
  const el = document.activeElement;
  if (!(el instanceof HTMLElement) || el === document.body) return null;
  const menu = el.closest('[role="menu"]');
  const trigger = menu?.getAttribute('aria-labelledby');
  return (trigger ? document.getElementById(trigger) : null) ?? el;
}
