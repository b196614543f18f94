'use client';

import { Component, type ReactNode } from 'react';
import { WallNotice } from './wall-notice';
import { FailuresInARow, scheduleRecovery } from './wall-recovery';

interface State {
  failed: boolean;
}

/**
 * A wall screen must never stop on an error page: if drawing fails, it says it is
 * connecting, and draws itself again or reloads as wall-recovery.ts says (SPEC SYNC3).
 */
export class WallErrorBoundary extends Component<{ children: ReactNode }, State> {
  state: State = { failed: false };
  private failures = new FailuresInARow();
  private cancel: (() => void) | undefined;

  static getDerivedStateFromError(): State {
    return { failed: true };
  }

  componentDidCatch(error: unknown): void {
    console.error('wall display: drawing failed, trying again', error);
    this.cancel?.();
    this.cancel = scheduleRecovery(this.failures.note(), () => this.setState({ failed: false }));
  }

  componentWillUnmount(): void {
    this.cancel?.();
  }

  render(): ReactNode {
    return this.state.failed ? <WallNotice kind="unavailable" /> : this.props.children;
  }
}
