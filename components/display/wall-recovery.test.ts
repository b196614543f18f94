import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NO_ANSWER_MS } from '@/lib/client/within';
import {
  BAD_ANSWERS_RELOAD_EVERY_MS,
  BAD_ANSWERS_RELOADED_KEY,
  FailuresInARow,
  IN_A_ROW_MS,
  RELOAD_AFTER,
  RETRY_MS,
  scheduleRecovery,
  scheduleReloadForBadAnswers,
} from './wall-recovery';

// The rule shared by the wall's own boundary and the app's error pages on a wall (SPEC SYNC3).
// The browser's part (the page's reload, /healthz) is stood in for here; the e2e tests of
// the-wall-display-recovers… drive both boundaries in Chromium.
describe('SYNC3: a wall screen recovers from a failure to draw by itself', () => {
  const reload = vi.fn();
  let healthy: boolean | 'silent' = true;
  beforeEach(() => {
    vi.useFakeTimers();
    reload.mockReset();
    healthy = true;
    vi.stubGlobal('window', { location: { reload } });
    vi.stubGlobal('fetch', vi.fn(async (_path: string, init?: { signal?: AbortSignal }) => {
      // 'silent': a network that drops packets without a word; the check ends only when aborted.
      if (healthy === 'silent') await new Promise((_, fail) => init?.signal?.addEventListener('abort', () => fail(new DOMException('aborted', 'AbortError'))));
      if (!healthy) throw new TypeError('Failed to fetch');
      return { ok: true };
    }));
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('counts failures in a row; one more than a minute after the last starts again', () => {
    const count = new FailuresInARow();
    expect([1, 2, 3].map((i) => count.note(i * RETRY_MS))).toEqual([1, 2, 3]);
    expect(count.note(3 * RETRY_MS + IN_A_ROW_MS + 1)).toBe(1);
  });

  it('draws again after 5 s, and not at all once cancelled', async () => {
    const again = vi.fn();
    scheduleRecovery(1, again);
    await vi.advanceTimersByTimeAsync(RETRY_MS - 1);
    expect(again).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(again).toHaveBeenCalledTimes(1);
    const later = vi.fn();
    scheduleRecovery(1, later)();
    await vi.advanceTimersByTimeAsync(2 * RETRY_MS);
    expect(later).not.toHaveBeenCalled();
    expect(reload).not.toHaveBeenCalled();
  });

  it('reloads after six failures in a row, but only once the server answers', async () => {
    const again = vi.fn();
    scheduleRecovery(RELOAD_AFTER - 1, again);
    await vi.advanceTimersByTimeAsync(RETRY_MS);
    expect([again.mock.calls.length, reload.mock.calls.length]).toEqual([1, 0]);

    healthy = false;
    scheduleRecovery(RELOAD_AFTER, again);
    await vi.advanceTimersByTimeAsync(RETRY_MS);
    expect([again.mock.calls.length, reload.mock.calls.length]).toEqual([2, 0]);

    healthy = true;
    scheduleRecovery(RELOAD_AFTER + 1, again);
    await vi.advanceTimersByTimeAsync(RETRY_MS);
    expect([again.mock.calls.length, reload.mock.calls.length]).toEqual([2, 1]);
  });

  it('SYNC8: a health check that gets no answer is a no after NO_ANSWER_MS, and the wall goes on drawing itself again', async () => {
    healthy = 'silent';
    const again = vi.fn();
    scheduleRecovery(RELOAD_AFTER, again);
    await vi.advanceTimersByTimeAsync(RETRY_MS + NO_ANSWER_MS - 1);
    expect(again).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect([again.mock.calls.length, reload.mock.calls.length]).toEqual([1, 0]);
  });

  describe('answers the page cannot parse (BAD_RESPONSE) for 2 minutes: a server upgraded under the wall', () => {
    const tab = () => {
      const kept = new Map<string, string>();
      return { kept, getItem: (k: string) => kept.get(k) ?? null, setItem: (k: string, v: string) => void kept.set(k, v), removeItem: (k: string) => void kept.delete(k) };
    };

    it('reloads the page for its new code once the server answers, and keeps when in the tab', async () => {
      const storage = tab();
      scheduleReloadForBadAnswers(storage, Date.now());
      await vi.advanceTimersByTimeAsync(0);
      expect(reload).toHaveBeenCalledTimes(1);
      expect(Number(storage.kept.get(BAD_ANSWERS_RELOADED_KEY))).toBe(Date.now());
    });

    it('not again within 15 minutes of the last such reload (no loop on a server whose answers never parse)', async () => {
      const storage = tab();
      storage.setItem(BAD_ANSWERS_RELOADED_KEY, String(Date.now() - 5 * 60_000));
      scheduleReloadForBadAnswers(storage, Date.now());
      await vi.advanceTimersByTimeAsync(10 * 60_000 - 1);
      expect(reload).not.toHaveBeenCalled();
      await vi.advanceTimersByTimeAsync(1);
      expect(reload).toHaveBeenCalledTimes(1);
      // A time kept in the future (the clock set back) does not put it off for good.
      const skewed = tab();
      skewed.setItem(BAD_ANSWERS_RELOADED_KEY, String(Date.now() + 60 * 60_000));
      scheduleReloadForBadAnswers(skewed, Date.now());
      await vi.advanceTimersByTimeAsync(0);
      expect(reload).toHaveBeenCalledTimes(2);
      expect(BAD_ANSWERS_RELOAD_EVERY_MS).toBe(15 * 60_000);
    });

    it('only once the server answers (never to the browser\'s error page), asking again every 5 s; nothing once cancelled', async () => {
      healthy = false;
      const storage = tab();
      scheduleReloadForBadAnswers(storage, Date.now());
      await vi.advanceTimersByTimeAsync(3 * RETRY_MS);
      expect(reload).not.toHaveBeenCalled();
      expect(storage.kept.size).toBe(0);
      healthy = true;
      await vi.advanceTimersByTimeAsync(RETRY_MS);
      expect(reload).toHaveBeenCalledTimes(1);

      healthy = false;
      const cancel = scheduleReloadForBadAnswers(tab(), Date.now());
      await vi.advanceTimersByTimeAsync(RETRY_MS);
      cancel();
      healthy = true;
      await vi.advanceTimersByTimeAsync(5 * RETRY_MS);
      expect(reload).toHaveBeenCalledTimes(1);
    });
  });
});
