'use client';

import { useTranslations } from 'next-intl';
import { memo, useEffect, useRef, useState } from 'react';
import type { IncidentEvent } from '@/lib/domain/incident/events';
import type { IncidentState } from '@/lib/domain/incident/state';
import { WallIncidentView } from '@/components/display/wall-incident';
import '@/app/display/wall.css';

/** The wall screen's design size: the preview is that screen, scaled to the pane. */
const W = 1920;
const H = 1080;

/**
 * What the wall display showed at this moment: the same component, frozen at the moment's
 * time. Memoised like ReplayBoard: a moment still loading does not render the old one again.
 */
export const ReplayWall = memo(function ReplayWall({ state, events }: { state: IncidentState; events: IncidentEvent[] }) {
  const t = useTranslations('replay');
  const box = useRef<HTMLDivElement>(null);
  const [scale, setScale] = useState(0.5);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const fit = () => setScale(Math.min(el.clientWidth / W, el.clientHeight / H));
    fit();
    const ro = new ResizeObserver(fit);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return (
    <figure className="flex min-h-0 flex-1 flex-col bg-slate-800 p-2" data-testid="replay-wall">
      <figcaption className="sr-only">{t('wallCaption')}</figcaption>
      <div ref={box} className="relative min-h-0 flex-1 overflow-hidden">
        <div
          className="wall-preview absolute top-0 left-1/2 flex flex-col overflow-hidden bg-(--wall-bg) text-(--wall-fg)"
          style={{ width: W, height: H, fontSize: 17, transform: `translateX(-50%) scale(${scale})`, transformOrigin: 'top center' }}
        >
          <WallIncidentView state={state} events={events} now={state.updatedAt} frozen />
        </div>
      </div>
    </figure>
  );
});
