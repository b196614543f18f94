'use client';

import { useTranslations } from 'next-intl';
import { memo, useEffect, useRef, type KeyboardEvent } from 'react';
import { minuteOn, seqAtTime, tsOf, type Ticks } from '@/lib/client/replay/ticks';
import { formatElapsedSeconds } from '@/lib/i18n/elapsed';
import { useClockFormat } from '@/lib/i18n/use-clock-format';
import type { AgencyDirectory } from '@/components/incidents/use-agency-directory';
import { kindOfType } from '@/lib/domain/incident/event-kind';
import type { EventKind } from '@/lib/domain/incident/event-kind';
import { fillTickImage, tickColumns, type TickStripStyle } from '@/lib/client/replay/tick-strip';

interface Props {
  ticks: Ticks;
  seq: number;
  onSeq: (seq: number) => void;
  /** The slider is held (a pointer down on it) or let go: playback waits while it is held. */
  onHold?: (held: boolean) => void;
  agencies: AgencyDirectory;
  dimAgencies: ReadonlySet<string>;
  dimKinds: ReadonlySet<EventKind>;
}


/**
 * The time slider over the incident's span: a native range input (keyboard and
 * screen readers for free) over a canvas of event ticks coloured by agency.
 * Arrow keys step one event; Page Up/Down a minute; Home/End the ends.
 */
export const ReplaySlider = memo(function ReplaySlider({ ticks, seq, onSeq, onHold, agencies, dimAgencies, dimKinds }: Props) {
  const t = useTranslations('replay');
  const clock = useClockFormat();
  const span = Math.max(1, ticks.lastTs - ticks.firstTs);
  const value = tsOf(ticks, seq) - ticks.firstTs;

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    const last = ticks.count;
    let next: number | null = null;
    if (e.key === 'ArrowRight' || e.key === 'ArrowUp') next = Math.min(last, seq + 1);
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowDown') next = Math.max(1, seq - 1);
    else if (e.key === 'PageUp') next = minuteOn(ticks, seq, 1);
    else if (e.key === 'PageDown') next = minuteOn(ticks, seq, -1);
    else if (e.key === 'Home') next = 1;
    else if (e.key === 'End') next = last;
    if (next === null) return;
    e.preventDefault();
    onSeq(next);
  };

  // Held from the pointer's press to its release anywhere in the page (a drag often ends off the slider).
  const onPointerDown = () => {
    if (!onHold) return;
    onHold(true);
    const letGo = () => {
      window.removeEventListener('pointerup', letGo, true);
      window.removeEventListener('pointercancel', letGo, true);
      onHold(false);
    };
    window.addEventListener('pointerup', letGo, true);
    window.addEventListener('pointercancel', letGo, true);
  };

  return (
    <div className="relative select-none" data-testid="replay-slider-box">
      <TickCanvas ticks={ticks} agencies={agencies} dimAgencies={dimAgencies} dimKinds={dimKinds} />
      <input
        type="range"
        data-testid="replay-slider"
        aria-label={t('slider')}
        aria-valuetext={t('sliderValue', { time: clock.time(ticks.firstTs + value), elapsed: formatElapsedSeconds(ticks.firstTs, ticks.firstTs + value), seq, head: ticks.count })}
        min={0}
        max={span}
        step={1}
        value={value}
        onKeyDown={onKeyDown}
        onPointerDown={onPointerDown}
        onChange={(e) => onSeq(seqAtTime(ticks, ticks.firstTs + Number(e.target.value)))}
        className="relative z-10 -mt-1 block h-6 w-full cursor-pointer accent-blue-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600"
      />
    </div>
  );
});

/** Every event as a 1-px tick at its time, in its actor's agency colour; dimmed ones faint (lib/client/replay/tick-strip.ts). */
const TickCanvas = memo(function TickCanvas({ ticks, agencies, dimAgencies, dimKinds }: Omit<Props, 'seq' | 'onSeq' | 'onHold'>) {
  const t = useTranslations('replay');
  const ref = useRef<HTMLCanvasElement>(null);
  // Keyed by the colours, not by the directory object: a new directory with the same colours
  // (the agency list read again) does not draw the ticks again.
  const colours = ticks.agencies.map((code) => agencies.color(code)).join(' ');
  useEffect(() => {
    const canvas = ref.current;
    if (!canvas) return;
    const style: TickStripStyle = {
      colours: colours.split(' '),
      dimAgency: ticks.agencies.map((code) => dimAgencies.has(code)),
      dimType: ticks.types.map((type) => dimKinds.has(kindOfType(type))),
    };
    /** `w`, `h`: the canvas's CSS size. */
    const draw = (w: number, h: number) => {
      const dpr = window.devicePixelRatio || 1;
      const width = Math.round(w * dpr);
      const height = Math.round(h * dpr);
      canvas.width = width;
      canvas.height = height;
      const ctx = canvas.getContext('2d');
      if (!ctx || width === 0 || height === 0) return;
      const image = ctx.createImageData(width, height);
      fillTickImage(image.data, width, height, dpr, tickColumns(ticks, Math.max(1, Math.round(w)), style));
      ctx.putImageData(image, 0, 0);
    };
    // Drawn by the observer only: it calls back once when observing starts, with the size the
    // layout gave (reading clientWidth here forced a layout, and drawing here as well drew twice).
    const ro = new ResizeObserver((entries) => {
      const box = entries[entries.length - 1].contentRect;
      draw(box.width, box.height);
    });
    ro.observe(canvas);
    return () => ro.disconnect();
  }, [ticks, colours, dimAgencies, dimKinds]);
  return <canvas ref={ref} role="img" aria-label={t('ticksLabel')} data-testid="replay-ticks" data-count={ticks.count} className="block h-7 w-full rounded-sm bg-slate-100" />;
});
