'use client';

import { Component, type ReactNode } from 'react';
import { WallNotice } from './wall-notice';

/** How long the wall waits before drawing itself again after a failure, and when it gives up and reloads. */
const RETRY_MS = 5_000;
const RELOAD_AFTER = 6;

interface State {
  failed: boolean;
  failures: number;
}

/**
 * A wall screen must never stop on an error page: if drawing fails, it says it is
 * connecting, tries again after 5 s, and after repeated failures reloads the page
 * (the token stays in the fragment).
 */
export class WallErrorBoundary extends Component<{ children: ReactNode }, State> {
  state: State = { failed: false, failures: 0 };
  private timer: ReturnType<typeof setTimeout> | undefined;

  static getDerivedStateFromError(): Partial<State> {
    return { failed: true };
  }

  componentDidCatch(error: unknown): void {
    console.error('wall display: drawing failed, trying again', error);
    const failures = this.state.failures + 1;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (failures >= RELOAD_AFTER) window.location.reload();
      else this.setState({ failed: false, failures });
    }, RETRY_MS);
  }

  componentWillUnmount(): void {
    clearTimeout(this.timer);
  }

  render(): ReactNode {
    return this.state.failed ? <WallNotice kind="unavailable" /> : this.props.children;
  }
}
