import type { Notice } from './notices';

/** How many notices stay on screen at once (the newest). */
export const NOTICES_SHOWN = 4;

/**
 * The notices on screen once `notice` comes (NoticeProvider). A notice of a `group` (say, new tasks
 * for one agency) that finds one of its group still on screen takes its place, counting both, with
 * the title `many` gives for that count ("5 new tasks for Fire and Rescue…"): a commander's
 * emergency plan (SPEC PLAN1) gives an agency five tasks in two seconds, which would otherwise push
 * every other notice off the screen. Anything else goes on the end; the oldest beyond
 * NOTICES_SHOWN go. Pure.
 */
export function withNotice(shown: readonly Notice[], notice: Omit<Notice, 'id'>, id: number): Notice[] {
  const prev = notice.group === undefined ? undefined : shown.find((n) => n.group === notice.group);
  const count = (prev?.count ?? 0) + 1;
  const title = prev && notice.many ? notice.many(count) : notice.title;
  const rest = prev ? shown.filter((n) => n !== prev) : shown;
  return [...rest.slice(-(NOTICES_SHOWN - 1)), { ...notice, id, count, title }];
}
