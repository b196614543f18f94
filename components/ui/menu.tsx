'use client';

import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import type { ReactNode } from 'react';
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

/** An accessible dropdown of actions (Radix: keyboard, focus, Escape). */
export function Menu({ trigger, items, align = 'end' }: MenuProps) {
  return (
    <DropdownMenu.Root modal={false}>
      <DropdownMenu.Trigger asChild>{trigger}</DropdownMenu.Trigger>
      <DropdownMenu.Portal>
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
