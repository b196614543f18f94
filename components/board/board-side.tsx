'use client';

import { useTranslations } from 'next-intl';
import { Group, Panel, Separator, useDefaultLayout, type LayoutStorage } from 'react-resizable-panels';
import { Timeline } from '@/components/timeline/timeline';
import { readLocal, writeLocal } from '@/lib/client/local-store';
import { MessagesPanel } from './messages-panel';

/** A saved split as the library writes it: panel id → size (%). Anything else is not handed to it (it would throw while rendering the board). */
function isLayout(json: string): boolean {
  try {
    const v = JSON.parse(json) as unknown;
    return v !== null && typeof v === 'object' && !Array.isArray(v) && Object.values(v).every((n) => typeof n === 'number' && Number.isFinite(n));
  } catch {
    return false;
  }
}

/**
 * This browser's storage: a browser that refuses it, or a value that is not a saved split (edited
 * by hand, written by another version), gives the default split. (The board itself renders only in
 * the browser, once the incident is read, so the server never renders this.)
 */
const storage: LayoutStorage = {
  getItem: (key) => {
    const v = readLocal(key);
    return v !== null && isLayout(v) ? v : null;
  },
  // Not kept where the browser refuses it: the next page load starts from the default split.
  setItem: (key, value) => void writeLocal(key, value),
};

/** The split's id; the library keeps it in localStorage under a key made from it. */
const SIDE_LAYOUT_ID = 'portline.board-side';

/**
 * Messages above the timeline beside the lanes (wide screens). The line between them can be
 * dragged, or moved with the arrow keys once focused (Home / End to the limits), and the split
 * is remembered in this browser: on a 1366×768 laptop half of the side is little room for
 * messages, and someone coordinating by message can give them most of it. Messages start with
 * 60 %; each keeps room for a few lines below its own header and controls (12rem each: a message or two, a few timeline lines below its filters).
 */
export function BoardSide() {
  const t = useTranslations('responder.side');
  const layout = useDefaultLayout({ id: SIDE_LAYOUT_ID, storage, onlySaveAfterUserInteractions: true });
  return (
    <Group
      orientation="vertical"
      id="board-side"
      data-testid="board-side"
      defaultLayout={layout.defaultLayout}
      onLayoutChanged={layout.onLayoutChanged}
      className="min-h-0 flex-1"
    >
      <Panel id="board-side-messages" defaultSize="60%" minSize="12rem" className="flex min-h-0 flex-col">
        <MessagesPanel fill />
      </Panel>
      <Separator
        id="board-side-separator"
        data-testid="board-side-separator"
        aria-label={t('resize')}
        title={t('resizeHint')}
        className="group relative flex h-2 shrink-0 cursor-row-resize items-center justify-center border-y border-slate-300 bg-slate-100 hover:bg-blue-100 focus-visible:bg-blue-100 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-blue-600 data-[separator=active]:bg-blue-200"
      >
        <span aria-hidden className="h-0.5 w-10 rounded bg-slate-400 group-hover:bg-blue-700" />
      </Separator>
      <Panel id="board-side-timeline" minSize="12rem" className="flex min-h-0 flex-col">
        <Timeline />
      </Panel>
    </Group>
  );
}
