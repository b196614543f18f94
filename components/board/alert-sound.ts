'use client';

import { useCallback, useSyncExternalStore } from 'react';
import { readLocal, writeLocal } from '@/lib/client/local-store';

const KEY = 'portline.alertSound';
const listeners = new Set<() => void>();

/** A choice the browser would not keep (private mode, storage full): it lasts for this page only. */
let unkept: boolean | null = null;

function read(): boolean {
  return unkept ?? readLocal(KEY) === 'on';
}

let audio: AudioContext | null = null;

/** One shared context, created on a user gesture (the toggle) so browsers let it play. */
function context(): AudioContext | null {
  if (typeof window === 'undefined' || typeof window.AudioContext !== 'function') return null;
  audio ??= new window.AudioContext();
  if (audio.state === 'suspended') void audio.resume();
  return audio;
}

/** Two short rising beeps, made with WebAudio (no file is fetched). */
export function playAlertTone(): void {
  const ctx = context();
  if (!ctx) return;
  const start = ctx.currentTime + 0.01;
  [880, 1175].forEach((freq, i) => {
    const t = start + i * 0.22;
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = 'square';
    osc.frequency.value = freq;
    gain.gain.setValueAtTime(0.0001, t);
    gain.gain.exponentialRampToValueAtTime(0.12, t + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.18);
    osc.connect(gain).connect(ctx.destination);
    osc.start(t);
    osc.stop(t + 0.2);
  });
}

/** Sound for alerts: off by default, remembered in this browser. */
export function useAlertSound(): [boolean, (on: boolean) => void] {
  const subscribe = useCallback((onChange: () => void) => {
    // Another tab's choice (its key, or the storage cleared); not the other keys it writes (the last time heard from the server, every second).
    const onStorage = (e: StorageEvent) => (e.key === KEY || e.key === null) && onChange();
    listeners.add(onChange);
    window.addEventListener('storage', onStorage);
    return () => {
      listeners.delete(onChange);
      window.removeEventListener('storage', onStorage);
    };
  }, []);
  const on = useSyncExternalStore(subscribe, read, () => false);
  const set = useCallback((next: boolean) => {
    unkept = writeLocal(KEY, next ? 'on' : 'off') ? null : next;
    if (next) playAlertTone();
    listeners.forEach((l) => l());
  }, []);
  return [on, set];
}
