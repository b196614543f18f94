'use client';

import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { useRef, useState, type ReactNode } from 'react';
import { cx } from './cx';

export interface MenuItem {
  key: string;
  label: ReactNode;
  onSelect: () => void;
  tone?: 'default' | 'danger';
  testId?: string;
}

interface MenuProps {
  /** One focusable element (usually a Button); Radix wires it up. */
  trigger: ReactNode;
  items: MenuItem[];
  align?: 'start' | 'end';
}

/**
 * An accessible dropdown of actions (Radix: keyboard, focus, Escape). Its content is put at
 * the end of the page's `main` landmark that holds its trigger, not of `body`, so that it stays in
 * the page's regions for screen readers' landmark navigation (axe `region`). Only `main`: Radix
 * positions the content `fixed`, so the element it is put in must be no containing block for it
 * (no transform or containment, as an agency lane has: `content-visibility`) and clip nothing;
 * `main` is the page's plain column. Outside a `main`, it goes to `body`.
 */
export function Menu({ trigger, items, align = 'end' }: MenuProps) {
  const triggerRef = useRef<HTMLButtonElement>(null);
  const [container, setContainer] = useState<Element | null>(null);
  return (
    <DropdownMenu.Root
      modal={false}
      onOpenChange={(open) => {
        if (open) setContainer(triggerRef.current?.closest('main') ?? null);
      }}
    >
      <DropdownMenu.Trigger asChild ref={triggerRef}>{trigger}</DropdownMenu.Trigger>
      <DropdownMenu.Portal container={container ?? undefined}>
        <DropdownMenu.Content
          align={align}
          sideOffset={4}
          className="z-50 min-w-44 rounded border border-slate-300 bg-white py-1 text-sm shadow-xl"
        >
          {items.map((item) => (
            <DropdownMenu.Item
              key={item.key}
              data-testid={item.testId}
              onSelect={item.onSelect}
              className={cx(
                'cursor-pointer px-3 py-1.5 outline-none data-[highlighted]:bg-blue-50',
                item.tone === 'danger' ? 'text-red-800 data-[highlighted]:bg-red-50' : 'text-slate-900',
              )}
            >
              {item.label}
            </DropdownMenu.Item>
          ))}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
