'use client';

import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { withNotice } from './notice-group';
import { NoticeList } from './notice-list';

export interface Notice {
  id: number;
  /** info: news for the person (new work); alert: an alert was posted. Both are announced politely. */
  tone: 'error' | 'warning' | 'success' | 'info' | 'alert';
  /** The error code behind the notice, if any (a test hook). */
  code?: string;
  /** What kind of news it is (a test hook: `assigned`, `reassigned`, `alert`, `message`). */
  kind?: string;
  title: string;
  detail?: string;
  /** Notices of one group (say, new tasks for one agency) on screen at once are one, counted (withNotice). */
  group?: string;
  /** The title for `count` notices of the group, when a second one comes. */
  many?: (count: number) => string;
  /** How many notices of its group this one stands for (1 for one alone). */
  count?: number;
}

type Push = (notice: Omit<Notice, 'id'>) => void;

const NoticeContext = createContext<Push>(() => {});

/** Short-lived messages after an action (a command's outcome) or about new work, announced politely. */
export function NoticeProvider({ children }: { children: ReactNode }) {
  const [notices, setNotices] = useState<Notice[]>([]);
  const dismiss = useCallback((id: number) => setNotices((ns) => ns.filter((n) => n.id !== id)), []);
  const push = useCallback<Push>(
    (notice) => {
      const id = Date.now() + Math.random();
      setNotices((ns) => withNotice(ns, notice, id));
      setTimeout(() => dismiss(id), notice.tone === 'success' ? 4000 : 10000);
    },
    [dismiss],
  );
  const value = useMemo(() => push, [push]);
  return (
    <NoticeContext.Provider value={value}>
      {children}
      <NoticeList notices={notices} onDismiss={dismiss} />
    </NoticeContext.Provider>
  );
}

export function useNotify(): Push {
  return useContext(NoticeContext);
}
