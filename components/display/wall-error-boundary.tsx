'use client';

import { Component, type ReactNode } from 'react';
import { WallNotice } from './wall-notice';

/** How long the wall waits before drawing itself again after a failure. */
const RETRY_MS = 5_000;
/** After this many failures in a row, it reloads the page (once the server answers). */
const RELOAD_AFTER = 6;
/** A failure this long after the one before starts a new count: the wall drew in between. */
const IN_A_ROW_MS = 60_000;
/** Answered by the server once it serves pages (it listens only after Next is ready). */
const HEALTH_PATH = '/healthz';

interface State {
  failed: boolean;
}

/** Whether the server answers now (a reload would load the page, not the browser's error page). */
async function serverAnswers(): Promise<boolean> {
  try {
    return (await fetch(HEALTH_PATH, { cache: 'no-store' })).ok;
  } catch {
    return false;
  }
}

/**
 * A wall screen must never stop on an error page: if drawing fails, it says it is
 * connecting, tries again after 5 s, and after repeated failures in a row reloads the
 * page (the token stays in the fragment), but only once the server answers: a reload
 * while the server is away would leave the browser's own error page on the wall, which
 * nobody is there to reload. Until then it goes on drawing itself again every 5 s.
 */
export class WallErrorBoundary extends Component<{ children: ReactNode }, State> {
  state: State = { failed: false };
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Failures in a row, and when the last one was. */
  private failures = 0;
  private lastFailure = -Infinity;
  private gone = false;

  static getDerivedStateFromError(): State {
    return { failed: true };
  }

  componentDidCatch(error: unknown): void {
    console.error('wall display: drawing failed, trying again', error);
    const now = Date.now();
    this.failures = now - this.lastFailure > IN_A_ROW_MS ? 1 : this.failures + 1;
    this.lastFailure = now;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.again(), RETRY_MS);
  }

  private async again(): Promise<void> {
    const reload = this.failures >= RELOAD_AFTER && (await serverAnswers());
    if (this.gone) return;
    if (reload) window.location.reload();
    else this.setState({ failed: false });
  }

  componentWillUnmount(): void {
    this.gone = true;
    clearTimeout(this.timer);
  }

  render(): ReactNode {
    return this.state.failed ? <WallNotice kind="unavailable" /> : this.props.children;
  }
}
