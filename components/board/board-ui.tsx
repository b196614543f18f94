'use client';

import { createContext, useContext } from 'react';
import { NO_SEARCH, type BoardMatches } from './board-search';

/** A task's less frequent action, asked in a dialog (the task's menu). */
export type TaskDialog =
  | { kind: 'reason'; to: 'blocked' | 'cancelled' | 'open' | 'done' }
  | { kind: 'edit' }
  | { kind: 'reassign' };

export type Pane = 'tasks' | 'messages' | 'timeline';

/** The responder's working state of the board: search, which pane shows on narrow screens, dialogs. */
export interface BoardUi {
  /** False on a wall screen: no search, shortcuts or notices. */
  interactive: boolean;
  query: string;
  setQuery: (query: string) => void;
  /** Words of the query, for highlighting. */
  terms: string[];
  matches: BoardMatches;
  /** Lanes and the messages/timeline side by side (wide), or one pane at a time in tabs. */
  wide: boolean;
  pane: Pane;
  showPane: (pane: Pane) => void;
  /** Opens the new-task dialog for this agency's lane. */
  newTask: (agency: string) => void;
  /**
   * Opens a task's dialog. The board holds it, not the task's card: a card moved to another lane
   * (reassigned meanwhile) is made again there, and a dialog it held closed with what was typed.
   */
  openTaskDialog: (taskId: string, dialog: TaskDialog) => void;
  openHelp: () => void;
}

/** A board nobody acts on (the default; the replay's board). */
export const READ_ONLY: BoardUi = {
  interactive: false,
  query: '',
  setQuery: () => {},
  terms: [],
  matches: NO_SEARCH,
  wide: true,
  pane: 'tasks',
  showPane: () => {},
  newTask: () => {},
  openTaskDialog: () => {},
  openHelp: () => {},
};

const BoardUiContext = createContext<BoardUi>(READ_ONLY);

export const BoardUiProvider = BoardUiContext.Provider;

export function useBoardUi(): BoardUi {
  return useContext(BoardUiContext);
}

/** Element ids the shortcuts move focus to. */
export const FOCUS_IDS = { search: 'board-search', composer: 'board-message-input', title: 'board-incident-title' } as const;
