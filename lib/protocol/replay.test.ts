import { describe, expect, it } from 'vitest';
import type { Message } from '../domain/incident/state';
import { commander } from '../domain/incident/fixtures';
import { keptMessages } from './replay';

const msg = (seq: number, alert = false): Message => ({ id: `m-${seq}`, seq, ts: seq * 1000, text: `message ${seq}`, toAgency: null, alert, actor: commander });
const list = (n: number, alerts: number[] = []) => Array.from({ length: n }, (_, i) => msg(i + 1, alerts.includes(i + 1)));
const newestAlert = (ms: readonly Message[]) => ms.findLast((m) => m.alert) ?? null;

describe('keptMessages: what a replay state keeps of its messages (SPEC REV1)', () => {
  it('REV1: nothing left out: the same list', () => {
    const ms = list(5, [1]);
    expect(keptMessages(ms, 5)).toBe(ms);
    expect(keptMessages(ms, Infinity)).toBe(ms);
  });

  it('REV1: the newest `keep`, and before them the newest alert when it is older: the banner live shows', () => {
    const ms = list(20, [2, 5]);
    const kept = keptMessages(ms, 4);
    expect(kept.map((m) => m.seq)).toEqual([5, 17, 18, 19, 20]);
    expect(newestAlert(kept)).toBe(newestAlert(ms));
    // An alert among the newest: nothing more.
    expect(keptMessages(list(20, [5, 18]), 4).map((m) => m.seq)).toEqual([17, 18, 19, 20]);
    // No alert at all: the newest only.
    expect(keptMessages(list(20), 4).map((m) => m.seq)).toEqual([17, 18, 19, 20]);
  });

  it('REV1: trimming a trimmed list after more messages keeps what trimming the whole list keeps (checkpoint on checkpoint, chunk to moment)', () => {
    for (const alerts of [[], [1], [3, 40], [45], [3, 58]])
      for (const [first, second] of [[10, 10], [10, 4], [4, 4], [1, 1]]) {
        const all = list(60, alerts);
        for (const cut of [0, 5, 30, 45, 55, 60]) {
          const again = keptMessages([...keptMessages(all.slice(0, cut), first), ...all.slice(cut)], second);
          expect(again, `${alerts} ${first}/${second} at ${cut}`).toEqual(keptMessages(all, second));
        }
      }
  });
});
