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

/** An agency's lane on the board, if shown. */
export function laneOf(agency: string): HTMLElement | null {
  return lanes().find((el) => el.dataset.boardLane === agency) ?? null;
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
