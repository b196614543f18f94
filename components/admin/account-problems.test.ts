import { describe, expect, it } from 'vitest';
import { CreateAccountRequest, UpdateAccountRequest } from '@/lib/protocol/http';
import { ApiError } from '@/lib/client/api/api-error';
import { draftProblems, refusedProblems, type AccountDraft } from './account-problems';

const draft = (over: Partial<AccountDraft> = {}): AccountDraft => ({
  username: 'fire-r1',
  displayName: 'Fire responder 1',
  role: 'responder',
  agency: 'fire',
  password: 'a-long-password',
  ...over,
});

describe('draftProblems: what the account dialog marks before sending', () => {
  it('a whole, valid account is sent', () => {
    expect(draftProblems(CreateAccountRequest, draft(), true)).toEqual({});
    expect(draftProblems(CreateAccountRequest, draft({ role: 'observer', agency: null }), true)).toEqual({});
  });

  it('a liaison or responder without an agency marks the agency field with its own words, creating and editing', () => {
    for (const role of ['responder', 'liaison'] as const) {
      expect(draftProblems(CreateAccountRequest, draft({ role, agency: null }), true)).toEqual({ agency: { key: 'agencyRequired' } });
      expect(draftProblems(UpdateAccountRequest, { displayName: 'Fire responder 1', role, agency: null }, false)).toEqual({ agency: { key: 'agencyRequired' } });
    }
    expect(draftProblems(UpdateAccountRequest, { displayName: 'Commander', role: 'commander', agency: null }, false)).toEqual({});
  });

  it('schema failures mark their field; the password says its minimum', () => {
    expect(draftProblems(CreateAccountRequest, draft({ username: 'x', displayName: '', password: 'short' }), true)).toEqual({
      username: { key: 'username' },
      displayName: { key: 'displayName' },
      password: { key: 'password', values: { min: 10 } },
    });
  });
});

describe('refusedProblems: a server refusal that names a field marks it', () => {
  const sent = { username: 'Fire-R1', role: 'responder' as const, agency: null };

  it('ALREADY_EXISTS for the username marks the username, naming it as the server stored it', () => {
    const taken = new ApiError(409, 'ALREADY_EXISTS', 'The username fire-r1 is taken.', { issues: [{ path: 'username', message: 'taken' }], username: 'fire-r1' });
    expect(refusedProblems(taken, { ...sent, agency: 'fire' }, true)).toEqual({ username: { key: 'usernameTaken', values: { username: 'fire-r1' } } });
    // A server that does not name it: the username as sent.
    const bare = new ApiError(409, 'ALREADY_EXISTS', 'taken', { issues: [{ path: 'username', message: 'taken' }] });
    expect(refusedProblems(bare, { ...sent, username: ' fire-r1 ' }, true)).toEqual({ username: { key: 'usernameTaken', values: { username: 'fire-r1' } } });
  });

  it('BAD_REQUEST with path agency: "choose an agency" for a liaison or responder sent without one, else "not a valid agency"', () => {
    const missing = new ApiError(400, 'BAD_REQUEST', 'Liaisons and responders belong to an agency.', { issues: [{ path: 'agency', message: 'required for liaisons and responders' }] });
    expect(refusedProblems(missing, sent, true)).toEqual({ agency: { key: 'agencyRequired' } });
    expect(refusedProblems(missing, { role: 'liaison', agency: null }, false)).toEqual({ agency: { key: 'agencyRequired' } });
    const unknown = new ApiError(400, 'BAD_REQUEST', 'Unknown agency: zz.', { issues: [{ path: 'agency', message: 'unknown agency' }] });
    expect(refusedProblems(unknown, { ...sent, agency: 'zz' }, true)).toEqual({ agency: { key: 'agency' } });
  });

  it('nothing is marked for a refusal without issues, a field the dialog does not show, or an error that is not the server\'s', () => {
    expect(refusedProblems(new ApiError(403, 'FORBIDDEN', 'You cannot disable or demote your own account.'), sent, false)).toEqual({});
    expect(refusedProblems(new ApiError(0, 'NETWORK', 'Failed to fetch'), sent, true)).toEqual({});
    // Editing shows no username field.
    expect(refusedProblems(new ApiError(409, 'ALREADY_EXISTS', 'taken', { issues: [{ path: 'username', message: 'taken' }] }), sent, false)).toEqual({});
    expect(refusedProblems(new ApiError(400, 'BAD_REQUEST', 'x', { issues: 'agency' }), sent, true)).toEqual({});
    expect(refusedProblems(new Error('boom'), sent, true)).toEqual({});
    expect(refusedProblems(null, undefined, true)).toEqual({});
  });
});
