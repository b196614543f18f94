'use client';

import { useTranslations } from 'next-intl';
import { useChangedMeanwhileText } from '@/components/ui/changed-meanwhile';
import { useState } from 'react';
import type { Role } from '@/lib/domain/actor';
import { CreateAccountRequest, UpdateAccountRequest, type AccountView } from '@/lib/protocol/http';
import { ErrorCode } from '@/lib/domain/errors';
import { AccountViewSchema } from '@/lib/client/api/schemas';
import { ApiError, conflictRecord } from '@/lib/client/api/api-error';
import { useCreateAccount } from '@/lib/client/api/create-account';
import { useUpdateAccount } from '@/lib/client/api/update-account';
import { FormDialog } from '@/components/ui/form-dialog';
import { fieldPatch, startedFrom, takeInConflict, type Norm } from '@/lib/client/edit-fields';
import { AccountFields } from './account-fields';
import { draftProblems, refusedProblems, type AccountDraft, type AccountField, type AccountProblems } from './account-problems';

/** What an edit may change; the name as sent (trimmed). */
const EDITED = ['displayName', 'role', 'agency'] as const;
const norm: Norm<AccountDraft> = (field, value) => (field === 'displayName' ? ((value as string).trim() as typeof value) : value);

/** Create an account (with a first password) or edit one's name, role and agency. */
export function AccountDialog({ account, onClose }: { account?: AccountView; onClose: () => void }) {
  const t = useTranslations('admin.accounts');
  const changedText = useChangedMeanwhileText();
  const create = useCreateAccount();
  const update = useUpdateAccount();
  // Where the dialog started: an edit sends only what the admin changed from it, so another
  // admin's change of the other fields meanwhile (a new agency) is not written back, and with it
  // the values it started from, so one of the same field is refused, not overwritten (SPEC AUTH8).
  // After such a refusal, the account as it is now.
  const [start, setStart] = useState<AccountDraft>(() => ({
    username: account?.username ?? '',
    displayName: account?.displayName ?? '',
    role: account?.role ?? ('responder' satisfies Role),
    agency: account?.agency ?? null,
    password: '',
  }));
  const [draft, setDraft] = useState<AccountDraft>(start);
  const [invalid, setInvalid] = useState<AccountProblems>({});
  const [changedMeanwhile, setChangedMeanwhile] = useState<AccountField[]>([]);
  const mutation = account ? update : create;
  // A refusal that names a field (a taken username; an agency the server would not take) marks it
  // instead of the error line under the form, until that field is changed.
  const refusal = refusedProblems(mutation.error, mutation.variables, !account);
  const marked = Object.keys(refusal).length > 0;
  const sent = mutation.variables as Partial<AccountDraft> | undefined;
  const same = (f: AccountField) => String(sent?.[f] ?? '').trim() === String(draft[f] ?? '').trim();
  const refused: AccountProblems = Object.fromEntries(Object.entries(refusal).filter(([f]) => same(f as AccountField)));
  // A conflict taken in (the fields changed meanwhile, set only then and cleared at each submit)
  // says what changed, in the refusal's place (as the incident's edit does).
  const conflictSaid = changedMeanwhile.length > 0;
  // Marked fields are not announced by themselves: FormDialog gives the first the focus, which
  // reads its label and what is wrong (after a check before sending, and after a refusal that marks one).

  const submit = () => {
    // The last refusal's marks and line go: what is marked now is this attempt's.
    mutation.reset();
    setChangedMeanwhile([]);
    if (account) {
      const body = fieldPatch(EDITED, start, draft, start, norm);
      if (Object.keys(body).length === 0) return onClose();
      // The agency a liaison or responder needs is checked on the account as it would be (the draft),
      // not on what is sent: a liaison of Customs made a responder sends the role alone.
      const bad = draftProblems(UpdateAccountRequest, { ...body, role: draft.role, agency: draft.agency }, false);
      setInvalid(bad);
      if (Object.keys(bad).length > 0) return;
      const base = start;
      update.mutate(
        { id: account.id, ...body, expected: startedFrom(body, base) },
        {
          onSuccess: onClose,
          // Changed by another admin meanwhile: the form starts again from the account as it is
          // now, the admin's own edits kept, and says which fields changed.
          onError: (error) => {
            const live = conflictRecord(error, 'account', AccountViewSchema);
            if (live)
              takeInConflict(EDITED, base, { ...base, displayName: live.displayName, role: live.role, agency: live.agency }, norm, {
                base: setStart,
                draft: setDraft,
                changed: setChangedMeanwhile,
              });
          },
        },
      );
      return;
    }
    const body = { ...draft, username: draft.username.trim(), displayName: draft.displayName.trim() };
    const bad = draftProblems(CreateAccountRequest, body, true);
    setInvalid(bad);
    if (Object.keys(bad).length === 0) create.mutate(body, { onSuccess: onClose });
  };

  return (
    <FormDialog
      open
      onOpenChange={(o) => !o && onClose()}
      title={account ? t('editTitle', { name: account.displayName }) : t('createTitle')}
      submitLabel={account ? t('save') : t('create')}
      onSubmit={submit}
      busy={mutation.isPending}
      error={conflictSaid ? { code: ErrorCode.CONFLICT, message: '' } : mutation.error instanceof ApiError && !marked ? mutation.error : null}
      errorText={
        conflictSaid ? changedText(changedMeanwhile.map((f) => t(`fields.${f}`))) : undefined
      }
      errorTone={conflictSaid ? 'warning' : undefined}
    >
      <div className="space-y-4">
        <AccountFields draft={draft} onChange={setDraft} problems={{ ...refused, ...invalid }} creating={!account} />
      </div>
      {account && (draft.role !== start.role || draft.agency !== start.agency) && (
        // SPEC AUTH8: a new role or agency ends the person's sessions at once.
        <p role="status" data-testid="account-signs-out-warning" className="rounded border border-amber-400 bg-amber-50 px-3 py-2 text-sm text-amber-950">
          {t('signsOutOnSave', { name: account.displayName })}
        </p>
      )}
    </FormDialog>
  );
}
