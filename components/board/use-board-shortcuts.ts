'use client';

import { useEffect } from 'react';
import { focusOnBoardItem, overlayOpen } from './board-focus';
import { isTypingTarget } from '../ui/typing-target';
import { resolveShortcut, type ShortcutAction } from './shortcuts';
import { createStoredSwitch } from '@/lib/client/use-stored-switch';

/** The board's single-key shortcuts: on by default, a person may turn them off (remembered in this browser). */
export const useSingleKeyShortcuts = createStoredSwitch('portline.singleKeyShortcuts', true);

/**
 * Listens for the board's shortcuts on the whole page. Keys typed into a field,
 * or pressed while a dialog or menu is open, are left alone.
 */
export function useBoardShortcuts(enabled: boolean, handlers: Partial<Record<ShortcutAction, () => void>>) {
  const [singleKeys] = useSingleKeyShortcuts();
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing) return;
      const action = resolveShortcut(e, {
        typing: isTypingTarget(e.target instanceof HTMLElement ? e.target : null),
        overlayOpen: overlayOpen(),
        onItem: focusOnBoardItem(),
        singleKeys,
      });
      if (!action) return;
      const handler = handlers[action];
      if (!handler) return;
      e.preventDefault();
      handler();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled, handlers, singleKeys]);
}
