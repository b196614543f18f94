'use client';

import { useCallback, useMemo, useState } from 'react';
import { agencyOf, isDisplay } from '@/lib/domain/actor';
import { useAgencyDirectory } from '@/components/incidents/use-agency-directory';
import { useMediaQuery } from '@/components/ui/use-media-query';
import type { Board } from './board-context';
import { focusedLane, moveLaneFocus, moveTaskFocus } from './board-focus';
import { agencyText, queryTerms, searchBoard } from './board-search';
import { FOCUS_IDS, type BoardUi, type Pane, type TaskDialog } from './board-ui';
import { laneOrder } from './lane-order';
import { probe } from './probes';
import { useBoardShortcuts } from './use-board-shortcuts';

/** Lanes beside messages and timeline from this width; below it, one pane at a time in tabs. */
export const WIDE_QUERY = '(min-width: 1024px)';

/** Focus an element by id once React has shown it (after a pane switch). */
function focusSoon(id: string) {
  requestAnimationFrame(() => {
    const el = document.getElementById(id);
    el?.focus();
    el?.scrollIntoView({ block: 'nearest' });
  });
}

/** Search, panes, dialogs and shortcuts of one board. */
export function useBoardUiValue(board: Board) {
  const { state, principal, can } = board;
  const interactive = !isDisplay(principal);
  const agencies = useAgencyDirectory();
  const wide = useMediaQuery(WIDE_QUERY);
  const [query, setQuery] = useState('');
  const [pane, setPane] = useState<Pane>('tasks');
  const [creating, setCreating] = useState<string | null>(null);
  const [helpOpen, setHelpOpen] = useState(false);
  const [taskDialog, setTaskDialog] = useState<{ taskId: string; dialog: TaskDialog } | null>(null);

  const names = useCallback((code: string) => agencyText(code, agencies.get), [agencies]);
  const terms = useMemo(() => queryTerms(query), [query]);
  const matches = useMemo(() => searchBoard(state, query, names), [state, query, names]);

  const showPane = useCallback((p: Pane) => setPane(p), []);
  const newTask = useCallback((agency: string) => setCreating(agency), []);
  const openHelp = useCallback(() => setHelpOpen(true), []);
  const openTaskDialog = useCallback((taskId: string, dialog: TaskDialog) => setTaskDialog({ taskId, dialog }), []);

  // On a narrow screen the lanes may be in a hidden tab: show it, then move.
  const onTasks = useCallback(
    (move: () => void) => () => {
      if (wide) return move();
      setPane('tasks');
      requestAnimationFrame(move);
    },
    [wide],
  );

  const handlers = useMemo(
    () => ({
      newTask: () => {
        // The lane one is on, else one's own agency, else the first lane one may create in.
        const lanes = laneOrder(state, agencyOf(principal)).filter((c) => state.agencies.includes(c) && can(probe.createTask(c)));
        const here = focusedLane()?.dataset.boardLane;
        const own = agencyOf(principal);
        const target = lanes.find((c) => c === here) ?? lanes.find((c) => c === own) ?? lanes[0];
        if (target) setCreating(target);
      },
      newMessage: () => {
        if (!document.getElementById(FOCUS_IDS.composer) && wide) return;
        setPane('messages');
        focusSoon(FOCUS_IDS.composer);
      },
      search: () => focusSoon(FOCUS_IDS.search),
      help: () => setHelpOpen(true),
      nextLane: onTasks(() => moveLaneFocus(1)),
      prevLane: onTasks(() => moveLaneFocus(-1)),
      nextTask: onTasks(() => moveTaskFocus(1)),
      prevTask: onTasks(() => moveTaskFocus(-1)),
    }),
    [state, principal, can, wide, onTasks],
  );
  useBoardShortcuts(interactive, handlers);

  const ui: BoardUi = useMemo(
    () => ({ interactive, query, setQuery, terms, matches, wide, pane, showPane, newTask, openTaskDialog, openHelp }),
    [interactive, query, terms, matches, wide, pane, showPane, newTask, openTaskDialog, openHelp],
  );
  return {
    ui,
    creating,
    closeCreating: () => setCreating(null),
    taskDialog,
    closeTaskDialog: () => setTaskDialog(null),
    helpOpen,
    closeHelp: () => setHelpOpen(false),
  };
}
