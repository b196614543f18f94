import type { Notice } from './notices';

/** How many notices stay on screen at once (the newest). */
export const NOTICES_SHOWN = 4;

/**
 * The notices on screen once `notice` comes (NoticeProvider). A notice of a `group` (say, new tasks
 * for one agency) that finds one of its group still on screen takes its place, where it is (its
 * element stays: focus on its Dismiss stays too), counting both, with the title `many` gives for
 * that count ("5 new tasks for Fire and Rescue…"): a commander's emergency plan (SPEC PLAN1) gives
 * an agency five tasks in two seconds, which would otherwise push every other notice off the
 * screen. Anything else goes on the end; beyond NOTICES_SHOWN the one least lately come or counted
 * goes (ids grow with time), not the first in place: a group's notice just counted stays. Pure.
 */
export function withNotice(shown: readonly Notice[], notice: Omit<Notice, 'id'>, id: number): Notice[] {
  const prev = notice.group === undefined ? undefined : shown.find((n) => n.group === notice.group);
  const count = (prev?.count ?? 0) + 1;
  const title = prev && notice.many ? notice.many(count) : notice.title;
  const next: Notice = { ...notice, id, count, title };
  if (prev) return shown.map((n) => (n === prev ? next : n));
  const kept = [...shown];
  while (kept.length >= NOTICES_SHOWN) kept.splice(kept.indexOf(kept.reduce((a, b) => (b.id < a.id ? b : a))), 1);
  return [...kept, next];
}
