/** Board keyboard shortcuts: one table for the key handler and the help overlay. */

export type ShortcutAction = 'newTask' | 'newMessage' | 'search' | 'help' | 'nextLane' | 'prevLane' | 'nextTask' | 'prevTask';

export interface Shortcut {
  action: ShortcutAction;
  /** KeyboardEvent.key values that work anywhere on the board (not while typing). */
  keys: string[];
  /** Extra keys that work only while a lane or a task card itself has focus (arrows stay native elsewhere). */
  onItem?: string[];
}

export const SHORTCUTS: readonly Shortcut[] = [
  { action: 'newTask', keys: ['n'] },
  { action: 'newMessage', keys: ['m'] },
  { action: 'search', keys: ['/'] },
  { action: 'nextLane', keys: [']'], onItem: ['ArrowRight'] },
  { action: 'prevLane', keys: ['['], onItem: ['ArrowLeft'] },
  { action: 'nextTask', keys: ['j'], onItem: ['ArrowDown'] },
  { action: 'prevTask', keys: ['k'], onItem: ['ArrowUp'] },
  { action: 'help', keys: ['?'] },
];

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}

export interface ShortcutContext {
  /** Focus is in a text field, a select or editable content. */
  typing: boolean;
  /** A dialog or a menu is open: its keys are its own. */
  overlayOpen: boolean;
  /** Focus is on a lane or a task card itself (not a control inside it). */
  onItem: boolean;
  /**
   * The single-character keys (n, m, /, [ ], j, k, ?) are on: a person may turn them off (WCAG
   * 2.1.4: speech input, a key brushed by accident). The arrows on a lane or card stay.
   */
  singleKeys?: boolean;
}

/** Which action a key press means on the board, if any. */
export function resolveShortcut(e: KeyLike, ctx: ShortcutContext): ShortcutAction | null {
  if (ctx.typing || ctx.overlayOpen || e.ctrlKey || e.metaKey || e.altKey) return null;
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  for (const s of SHORTCUTS) {
    if (ctx.singleKeys !== false && s.keys.includes(key)) return s.action;
    if (ctx.onItem && s.onItem?.includes(key)) return s.action;
  }
  return null;
}

/** The index to move to from `current` (-1: nothing focused yet), kept within 0 … length-1. */
export function stepIndex(current: number, length: number, delta: 1 | -1): number {
  if (length === 0) return -1;
  if (current < 0) return delta > 0 ? 0 : length - 1;
  return Math.min(length - 1, Math.max(0, current + delta));
}

/** How a key is shown in the help overlay and on buttons. */
export function keyLabel(key: string): string {
  const arrows: Record<string, string> = { ArrowRight: '→', ArrowLeft: '←', ArrowDown: '↓', ArrowUp: '↑' };
  return arrows[key] ?? key.toUpperCase();
}
