'use client';

import { WallNotice } from './wall-notice';

/**
 * What an app error page shows on a wall screen (app/error.tsx, app/global-error.tsx): the wall's
 * connecting notice in its dark colours, not a page of buttons nobody is there to press. Its
 * stylesheet (app/display/wall.css) may not have loaded when the wall's layout itself failed,
 * hence the colours' fallbacks.
 */
export function WallPageFailed() {
  return (
    <div data-testid="wall-page-failed" className="wall-root flex min-h-0 flex-1 flex-col bg-[var(--wall-bg,#0b1120)] text-[var(--wall-fg,#f8fafc)]">
      <WallNotice kind="unavailable" />
    </div>
  );
}
