'use client';

import { stepIndex } from './shortcuts';

/** Lanes carry data-board-lane (their agency code) and cards data-board-task; both take focus (tabIndex -1). */
const LANE = '[data-board-lane]';
const TASK = '[data-board-task]';

function visible(el: HTMLElement): boolean {
  return el.getClientRects().length > 0;
}

function lanes(): HTMLElement[] {
  return [...document.querySelectorAll<HTMLElement>(LANE)];
}

function focusEl(el: HTMLElement | undefined) {
  if (!el) return;
  el.focus({ preventScroll: true });
  el.scrollIntoView({ block: 'nearest', inline: 'nearest' });
}

/** How long a lane someone was taken to stays marked (`data-flash`), so the eye finds it after a mouse click too. */
const FLASH_MS = 2000;

/**
 * Takes the focus to an agency's lane (scrolled into view) and marks it for a moment; false when
 * that lane is not shown (a narrow screen's hidden tab, an agency not on the board).
 */
export function focusLane(agency: string): boolean {
  const lane = lanes().find((el) => el.dataset.boardLane === agency);
  if (!lane || !visible(lane)) return false;
  focusEl(lane);
  if (document.activeElement !== lane) return false;
  lane.dataset.flash = '';
  setTimeout(() => delete lane.dataset.flash, FLASH_MS);
  return true;
}

/** The lane that holds focus now, if any. */
export function focusedLane(): HTMLElement | null {
  return (document.activeElement as HTMLElement | null)?.closest<HTMLElement>(LANE) ?? null;
}

/** Is focus on a lane or a task card itself (where arrow keys move between them)? */
export function focusOnBoardItem(): boolean {
  const el = document.activeElement;
  return !!el && (el.matches(LANE) || el.matches(TASK));
}

export function moveLaneFocus(delta: 1 | -1) {
  const all = lanes();
  const current = focusedLane();
  focusEl(all[stepIndex(current ? all.indexOf(current) : -1, all.length, delta)]);
}

export function moveTaskFocus(delta: 1 | -1) {
  const lane = focusedLane() ?? lanes()[0];
  if (!lane) return;
  const tasks = [...lane.querySelectorAll<HTMLElement>(TASK)].filter(visible);
  const current = (document.activeElement as HTMLElement | null)?.closest<HTMLElement>(TASK) ?? null;
  const next = stepIndex(current ? tasks.indexOf(current) : -1, tasks.length, delta);
  if (next < 0) focusEl(lane);
  else focusEl(tasks[next]);
}

/** The first task card shown (after a search: the first match). */
export function focusFirstTask(): boolean {
  const first = [...document.querySelectorAll<HTMLElement>(TASK)].find(visible);
  focusEl(first);
  return !!first;
}

/** Is a dialog or a menu open? Its keys are its own then. */
export function overlayOpen(): boolean {
  return !!document.querySelector('[role="dialog"], [role="alertdialog"], [role="menu"]');
}

/** Whether the focus was dropped (its element taken off the page, or none). */
function focusDropped(): boolean {
  const el = document.activeElement;
  return !el || el === document.body || !el.isConnected;
}

/**
 * Before a change that may take a card out of its place (a step to done: the card goes to the
 * lane's closed "done or cancelled" list) or its button away (offline, the step waits): what to
 * call once it is made. If the focus was dropped, it goes to the card if it is still shown, else
 * to the card that followed it in the lane (else the one before, else the lane), not the page's top (a keyboard user's next Tab started there). Called again a moment
 * later too: the card may go when the change's event comes, after its answer.
 */
export function focusAfterLeaving(card: HTMLElement | null): () => void {
  const lane = card?.closest<HTMLElement>(LANE) ?? null;
  if (!card || !lane) return () => {};
  const tasks = [...lane.querySelectorAll<HTMLElement>(TASK)].filter(visible);
  const i = tasks.indexOf(card);
  const near = [...tasks.slice(i + 1), ...tasks.slice(0, Math.max(0, i)).reverse()].map((el) => el.dataset.boardTask ?? '');
  const code = lane.dataset.boardLane ?? '';
  const restore = () => {
    if (!focusDropped()) return;
    // Still in its place (its step button gone while the change waits offline): the card itself.
    if (card.isConnected && visible(card)) return focusEl(card);
    for (const id of near) {
      const el = document.querySelector<HTMLElement>(`[data-board-task="${CSS.escape(id)}"]`);
      if (el && visible(el)) return focusEl(el);
    }
    focusLane(code);
  };
  return () => {
    restore();
    setTimeout(restore, 500);
  };
}
