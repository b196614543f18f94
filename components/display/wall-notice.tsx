'use client';

import { Bi } from './wall-lang';
import { WallText } from './wall-words';

/**
 * What the wall shows before it has anything to show: it is connecting (and keeps
 * trying), never an error page. Only a revoked token stops it (DisplayNoticePage).
 * While a long incident's log loads, how much of it has (`progress`, SPEC SYNC5).
 */
export function WallNotice({ kind, progress }: { kind: 'connecting' | 'unavailable'; progress?: { applied: number; head: number } }) {
  const loading = kind === 'connecting' && progress !== undefined && progress.head > 0;
  return (
    <div role="status" data-testid="wall-connecting" data-kind={kind} className="flex flex-1 items-center justify-center p-[2rem] text-center">
      <p className="text-[2.2rem] font-bold">
        <Bi stack>{loading ? <WallText k="loadingProgress" values={progress} /> : <WallText k="connecting" />}</Bi>
      </p>
    </div>
  );
}
