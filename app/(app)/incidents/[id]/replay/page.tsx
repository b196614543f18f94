import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { Suspense } from 'react';
import { preload } from 'react-dom';
import { FETCH_PRELOAD } from '@/lib/client/api/fetch-json';
import { replayChunkPath, replayIndexPath } from '@/lib/client/api/replay';
import { checkpointOf } from '@/lib/protocol/replay';
import { parseSeq } from '@/lib/i18n/elapsed';
import { ReplayView } from '@/components/replay/replay-view';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('replay'))('pageTitle') };
}

/** Replay of one incident (issue #5, SPEC REV1); the moment is ?seq=N. */
export default async function ReplayPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ seq?: string | string[] }> }) {
  const { id } = await params;
  const { seq } = await searchParams;
  // What the page asks for first (the index, the head's chunk, a linked moment's) starts with
  // its HTML: the browser hands these answers to the page's own requests (lib/client/replay/early.ts).
  preload(replayIndexPath(id), FETCH_PRELOAD);
  preload(replayChunkPath(id, 'head'), FETCH_PRELOAD);
  const asked = typeof seq === 'string' ? parseSeq(seq) : null; // as the page reads it (ReplayView)
  if (asked !== null) preload(replayChunkPath(id, checkpointOf(asked)), FETCH_PRELOAD);
  return (
    <Suspense>
      <ReplayView incidentId={id} />
    </Suspense>
  );
}
