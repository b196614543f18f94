'use client';

import { createStoredSwitch } from '@/lib/client/use-stored-switch';

const KEY = 'portline.alertSound';
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

const useAlertSoundSwitch = createStoredSwitch(KEY, false);
const testTone = (on: boolean) => on && playAlertTone();

/** Sound for alerts: off by default, remembered in this browser (a tone as it is turned on). */
export function useAlertSound(): [boolean, (on: boolean) => void] {
  return useAlertSoundSwitch(testTone);
}
