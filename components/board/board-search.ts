import type { Agency } from '@/lib/domain/agencies';
import { kindOf } from '@/lib/domain/incident/event-kind';
import type { IncidentEvent } from '@/lib/domain/incident/events';
import type { IncidentState, Message, Task } from '@/lib/domain/incident/state';
import { fold } from '@/lib/domain/text';

/** The words of a query; every one must be found (AND). Empty: no search. */
export function queryTerms(query: string): string[] {
  return fold(query).split(/\s+/).filter(Boolean);
}

/** Every name an agency goes by, for matching: code, short label, Chinese and English names. */
export function agencyText(code: string, get: (code: string) => Agency | undefined): string {
  const a = get(code);
  return a ? `${code} ${a.short} ${a.nameZh} ${a.nameEn}` : code;
}

type Names = (code: string) => string;

function matches(haystack: string, terms: string[]): boolean {
  const text = fold(haystack);
  return terms.every((term) => text.includes(term));
}

/** Title, details, location, assignee, the reason of its status, its agency and who asked for it. */
export function taskMatches(task: Task, terms: string[], names: Names): boolean {
  const fields = [task.title, task.details, task.location, task.assignee ?? '', task.statusReason ?? '', names(task.agency), task.createdBy.name];
  if (task.createdBy.agency) fields.push(names(task.createdBy.agency));
  return matches(fields.join('\n'), terms);
}

/** Text, author and both agencies (from, to). */
export function messageMatches(message: Message, terms: string[], names: Names): boolean {
  const fields = [message.text, message.actor.name];
  if (message.actor.agency) fields.push(names(message.actor.agency));
  if (message.toAgency) fields.push(names(message.toAgency));
  return matches(fields.join('\n'), terms);
}

export interface BoardMatches {
  /** null when there is no query: everything is shown. */
  tasks: ReadonlySet<string> | null;
  messages: ReadonlySet<string> | null;
}

export const NO_SEARCH: BoardMatches = { tasks: null, messages: null };

/** The ids of the tasks and messages that match every word of the query. */
export function searchBoard(state: Pick<IncidentState, 'tasks' | 'messages'>, query: string, names: Names): BoardMatches {
  const terms = queryTerms(query);
  if (terms.length === 0) return NO_SEARCH;
  const tasks = new Set<string>();
  for (const task of Object.values(state.tasks)) if (taskMatches(task, terms, names)) tasks.add(task.id);
  const messages = new Set<string>();
  for (const m of state.messages) if (messageMatches(m, terms, names)) messages.add(m.id);
  return { tasks, messages };
}

/**
 * Whether a timeline event is about what the search found: any event of a matching task (its
 * creation, edits, reassignments, status changes, by task id) or the one that posted a matching
 * message (by message id). Everything while there is no search. The incident's own events (opened,
 * details, phase, severity) and agencies' status changes are neither a task nor a message, so none
 * shows while searching, whatever their text: the search finds tasks and messages, and the
 * timeline shows the history of what it found.
 */
export function eventMatches(event: IncidentEvent, matches: BoardMatches): boolean {
  if (matches.tasks === null && matches.messages === null) return true;
  // Which events are a task's and which a message's: the timeline's own kinds (kindOf).
  if (event.type === 'MessagePosted') return matches.messages === null || matches.messages.has(event.payload.messageId);
  if (kindOf(event) === 'tasks' && 'taskId' in event.payload) return matches.tasks === null || matches.tasks.has(event.payload.taskId);
  return false;
}

/** Splits text into plain and matching parts, for <mark>; case- and width-insensitive. */
export function highlightParts(text: string, terms: string[]): { text: string; hit: boolean }[] {
  if (terms.length === 0 || text.length === 0) return [{ text, hit: false }];
  // NFKC may change lengths; fall back to no highlight rather than misplace it.
  const folded = fold(text);
  if (folded.length !== text.length) return [{ text, hit: false }];
  const hit = new Array<boolean>(text.length).fill(false);
  for (const term of terms) {
    for (let i = folded.indexOf(term); i !== -1; i = folded.indexOf(term, i + 1)) hit.fill(true, i, i + term.length);
  }
  const parts: { text: string; hit: boolean }[] = [];
  for (let i = 0; i < text.length; i++) {
    const last = parts.at(-1);
    if (last && last.hit === hit[i]) last.text += text[i];
    else parts.push({ text: text[i], hit: hit[i] });
  }
  return parts;
}
