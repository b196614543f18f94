'use client';

import type { UseMutationResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ApiError } from '@/lib/client/api/api-error';
import { FormDialog } from '@/components/ui/form-dialog';
import { useNotify } from '@/components/ui/notices';

interface Props {
  /** The revoke mutation (one per kind of thing revoked); called with `id`. */
  revoke: UseMutationResult<unknown, Error, string>;
  id: string;
  title: string;
  submitLabel: string;
  /** Toast after success. */
  done: string;
  onClose: () => void;
  children: ReactNode;
}

/** Asks before revoking a session or a display token, then revokes and says so. */
export function ConfirmRevokeDialog({ revoke, id, title, submitLabel, done, onClose, children }: Props) {
  const notify = useNotify();
  const submit = () =>
    revoke.mutate(id, {
      onSuccess: () => {
        notify({ tone: 'success', title: done });
        onClose();
      },
    });
  return (
    <FormDialog
      open
      onOpenChange={(o) => !o && onClose()}
      title={title}
      submitLabel={submitLabel}
      onSubmit={submit}
      busy={revoke.isPending}
      error={revoke.error instanceof ApiError ? revoke.error : null}
      tone="danger"
      size="sm"
    >
      <p className="text-sm">{children}</p>
    </FormDialog>
  );
}
