import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../errors';
import { IncidentCommand as CommandSchema, type IncidentCommand } from './commands';
import { decide } from './decide';
import type { EventBody } from './events';
import { applyEvents } from './evolve';
import { opened, sequence } from './fixtures';
import { overlayMessages } from './overlay-messages';

const id = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const posted = (messageId: string): EventBody => ({ type: 'MessagePosted', payload: { messageId, text: 'x', toAgency: null, alert: false } });
const ctx = { knownAgencies: new Set(['fire', 'customs', 'port']) };

describe('message overlay (the committer\'s provisional states)', () => {
  it('STATE2: a fold appends to the overlay in place, the list under it never changes, and it reads as the whole list', () => {
    const base = applyEvents(null, sequence([opened(), ...[0, 1, 2].map((i) => posted(id(i)))]))!;
    const frozen = JSON.stringify(base);
    const under = base.messages;
    const messages = overlayMessages(under);
    const next = applyEvents({ ...base, messages }, sequence([posted(id(3)), posted(id(4))], { startSeq: 5 }), {
      handOver: true,
      keep: { tasks: base.tasks, agencyStatus: base.agencyStatus },
    })!;
    expect(next.messages, 'written in place, not copied').toBe(messages);
    expect(JSON.stringify(base)).toBe(frozen);
    expect(under).toHaveLength(3);
    expect(Array.isArray(messages)).toBe(true);
    expect(messages).toHaveLength(5);
    expect(messages.map((m) => m.id)).toEqual([0, 1, 2, 3, 4].map(id));
    expect([...messages].map((m) => m.seq)).toEqual([2, 3, 4, 5, 6]);
    expect(messages.slice(2, 4).map((m) => m.id)).toEqual([id(2), id(3)]);
    expect(Object.keys(messages)).toEqual(['0', '1', '2', '3', '4']);
    expect(3 in messages && !(5 in messages)).toBe(true);
    expect(JSON.parse(JSON.stringify(next))).toEqual(JSON.parse(JSON.stringify(applyEvents(base, sequence([posted(id(3)), posted(id(4))], { startSeq: 5 })))));
    // What lies under it is never written through it.
    expect(() => {
      messages[0] = messages[4];
    }).toThrow(TypeError);
    expect(() => {
      messages.length = 1;
    }).toThrow(TypeError);
    expect(under.map((m) => m.id)).toEqual([0, 1, 2].map(id));
  });

  it('MSG1: decide on an overlay sees every id, and reads none of the messages under it to find a new one', () => {
    const base = applyEvents(null, sequence([opened(), ...Array.from({ length: 1000 }, (_, i) => posted(id(i)))]))!;
    const post = (messages: typeof base.messages, messageId: string) =>
      decide({ ...base, messages }, CommandSchema.parse({ type: 'PostMessage', messageId, text: 'y', toAgency: null, alert: false }) as IncidentCommand, ctx);
    expect(post(base.messages, id(1)).ok).toBe(false); // noted once, as a hub's list is
    let reads = 0;
    for (const m of base.messages) {
      const value = m.id;
      Object.defineProperty(m, 'id', { enumerable: true, configurable: true, get: () => (reads++, value) });
    }
    const messages = overlayMessages(base.messages);
    applyEvents({ ...base, messages }, sequence([posted(id(5000))], { startSeq: 1002 }), { handOver: true });
    expect(post(messages, id(6000)).ok).toBe(true);
    expect(reads).toBe(0);
    expect(post(messages, id(5000))).toMatchObject({ ok: false, error: { code: ErrorCode.ALREADY_EXISTS } });
    expect(post(messages, id(999))).toMatchObject({ ok: false, error: { code: ErrorCode.ALREADY_EXISTS } });
    expect(post(base.messages, id(5000)).ok, 'the list under it has not got it').toBe(true);
    expect(reads).toBe(1);
  });
});
