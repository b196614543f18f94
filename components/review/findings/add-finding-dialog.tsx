'use client';

import { useTranslations } from 'next-intl';
import { useMemo, useState } from 'react';
import { ApiError } from '@/lib/client/api/api-error';
import { useAddFinding } from '@/lib/client/api/review-write';
import { newId } from '@/lib/client/new-id';
import type { IncidentEvent } from '@/lib/domain/incident/events';
import type { IncidentState } from '@/lib/domain/incident/state';
import { LIMITS } from '@/lib/domain/limits';
import { formatElapsedSeconds } from '@/lib/i18n/elapsed';
import { useClockFormat } from '@/lib/i18n/use-clock-format';
import type { FindingRef, FindingVerdict } from '@/lib/protocol/review';
import { useAgencyDirectory } from '@/components/incidents/use-agency-directory';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormDialog } from '@/components/ui/form-dialog';
import { VerdictField } from './verdict-field';
import { Select, TextArea, TextInput } from '@/components/ui/inputs';
import { RadioRow } from '@/components/ui/radio-row';
import { parseElapsed } from '@/lib/i18n/elapsed';
import { attemptIds, excerpt, seqAtOffset, stateAtSeq, typedSeq } from './finding-helpers';

type RefKind = 'none' | FindingRef['kind'];

/**
 * Add a finding: the moment (an incident seq: typed, from a T+ offset, or the
 * latest), optionally a task, message or agency as they were at that moment
 * (the log folded to it with the live reducers), the verdict and the text.
 */
export function AddFindingDialog(props: {
  incidentId: string;
  state: IncidentState;
  events: IncidentEvent[];
  initialSeq: number | null;
  onClose: () => void;
}) {
  const { incidentId, state, events, onClose } = props;
  const t = useTranslations('findings');
  const clock = useClockFormat();
  const agencies = useAgencyDirectory();
  const add = useAddFinding(incidentId);
  const head = state.seq;
  // One id per content sent: a retry after a lost answer is not added twice, and an edit made
  // after it is not answered with what was first sent (SPEC REV3, attemptIds).
  const [ids] = useState(() => attemptIds(newId));
  const [seqText, setSeqText] = useState(String(props.initialSeq ?? head));
  // The moment is what the field says, or none while it holds no event number of the incident
  // (999, 0, "abc"): the field is marked at once and the line below says so, not a moment typed before.
  const seq = typedSeq(seqText, head);
  const [offsetText, setOffsetText] = useState('');
  const [refKind, setRefKind] = useState<RefKind>('none');
  const [refId, setRefId] = useState('');
  const [verdict, setVerdict] = useState<FindingVerdict | null>(null);
  const [text, setText] = useState('');
  const [invalid, setInvalid] = useState<Set<string>>(new Set());

  const moment = useMemo(() => (seq === null ? null : stateAtSeq(events, seq)), [events, seq]);
  const event = seq === null ? undefined : events.find((e) => e.seq === seq);
  const tasks = useMemo(() => Object.values(moment?.tasks ?? {}).sort((a, b) => a.createdSeq - b.createdSeq), [moment]);
  const messages = moment?.messages ?? [];

  const chooseSeq = (n: number) => {
    const clamped = Math.min(Math.max(1, Math.round(n)), head);
    setSeqText(String(clamped));
    if (clamped !== seq) setRefId('');
  };
  const onSeqText = (v: string) => {
    setSeqText(v);
    // A task or message chosen belongs to the moment it was chosen at.
    if (typedSeq(v, head) !== seq) setRefId('');
  };
  const goToOffset = () => {
    const ms = parseElapsed(offsetText);
    if (ms === null) return setInvalid(new Set([...invalid, 'offset']));
    setInvalid(new Set([...invalid].filter((k) => k !== 'offset')));
    chooseSeq(seqAtOffset(events, state.openedAt, ms));
  };

  const submit = () => {
    const bad = new Set<string>();
    if (seq === null) bad.add('seq');
    if (!verdict) bad.add('verdict');
    if (text.trim() === '' || text.length > LIMITS.findingText) bad.add('text');
    if (refKind !== 'none' && refId === '') bad.add('ref');
    setInvalid(bad);
    if (bad.size > 0 || !verdict || seq === null) return;
    const ref: FindingRef | null =
      refKind === 'task' ? { kind: 'task', taskId: refId } : refKind === 'message' ? { kind: 'message', messageId: refId } : refKind === 'agency' ? { kind: 'agency', agency: refId } : null;
    const content = { atSeq: seq, ref, verdict, text: text.trim() };
    add.mutate({ id: ids.idFor(content), ...content }, { onSuccess: onClose });
  };

  return (
    <FormDialog
      open
      onOpenChange={(o) => !o && onClose()}
      title={t('form.title')}
      description={t('form.description')}
      submitLabel={t('form.submit')}
      onSubmit={submit}
      busy={add.isPending}
      error={add.error instanceof ApiError ? add.error : null}
      size="lg"
    >
      <fieldset className="space-y-2">
        <legend className="mb-1 text-sm font-medium text-slate-800">{t('form.moment')}</legend>
        <div className="flex flex-wrap items-start gap-x-6 gap-y-3">
          <Field
            label={t('form.seq', { head })}
            error={seq === null ? t('form.invalidSeq', { head }) : null}
            action={
              <Button data-testid="finding-moment-latest" size="sm" onClick={() => chooseSeq(head)}>
                {t('form.latest')}
              </Button>
            }
          >
            <TextInput
              data-testid="finding-moment-seq"
              inputMode="numeric"
              value={seqText}
              onChange={(e) => onSeqText(e.target.value)}
              className="w-28 tabular-nums"
            />
          </Field>
          <Field
            label={t('form.offset')}
            error={invalid.has('offset') ? t('form.invalidOffset') : null}
            action={
              <Button data-testid="finding-moment-offset-go" size="sm" onClick={goToOffset}>
                {t('form.goToOffset')}
              </Button>
            }
          >
            <TextInput
              data-testid="finding-moment-offset"
              placeholder="00:12:30"
              value={offsetText}
              onChange={(e) => setOffsetText(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  goToOffset();
                }
              }}
              className="w-28 tabular-nums"
            />
          </Field>
        </div>
        {event ? (
          <p data-testid="finding-moment" data-seq={event.seq} className="rounded bg-slate-100 px-3 py-1.5 text-sm text-slate-800">
            {t('form.momentIs', {
              seq: event.seq,
              elapsed: formatElapsedSeconds(state.openedAt, event.ts),
              time: clock.time(event.ts),
              name: event.actor.name,
            })}
          </p>
        ) : (
          <p data-testid="finding-moment" className="rounded bg-slate-100 px-3 py-1.5 text-sm text-slate-600">
            {t('form.noMoment')}
          </p>
        )}
      </fieldset>

      <fieldset className="space-y-2">
        <legend className="mb-1 text-sm font-medium text-slate-800">{t('form.about')}</legend>
        <RadioRow<RefKind>
          name="finding-ref-kind"
          value={refKind}
          onChange={(k) => {
            setRefKind(k);
            setRefId('');
          }}
          options={[
            { value: 'none', label: t('ref.none') },
            { value: 'task', label: t('ref.task') },
            { value: 'message', label: t('ref.message') },
            { value: 'agency', label: t('ref.agency') },
          ]}
        />
        {refKind !== 'none' && (
          <Field label={t(`ref.choose.${refKind}`)} error={invalid.has('ref') ? t('form.invalidRef') : null}>
            <Select data-testid="finding-ref-select" value={refId} onChange={(e) => setRefId(e.target.value)}>
              <option value="">{t('ref.pick')}</option>
              {refKind === 'task' &&
                tasks.map((task) => (
                  <option key={task.id} value={task.id}>
                    {agencies.short(task.agency)} · {task.title}
                  </option>
                ))}
              {refKind === 'message' &&
                messages.map((m) => (
                  <option key={m.id} value={m.id}>
                    {clock.time(m.ts)} {m.actor.name}: {excerpt(m.text, 60)}
                  </option>
                ))}
              {refKind === 'agency' &&
                (moment?.agencies ?? []).map((code) => (
                  <option key={code} value={code}>
                    {agencies.name(code)}
                  </option>
                ))}
            </Select>
          </Field>
        )}
      </fieldset>

      <VerdictField name="finding-verdict" value={verdict} onChange={setVerdict} invalid={invalid.has('verdict')} />

      <Field
        label={t('form.text')}
        hint={t('form.textHint', { max: LIMITS.findingText })}
        error={invalid.has('text') ? t('form.invalidText') : null}
        length={{ value: text, max: LIMITS.findingText }}
      >
        <TextArea data-testid="finding-text" rows={4} value={text} onChange={(e) => setText(e.target.value)} />
      </Field>
    </FormDialog>
  );
}
