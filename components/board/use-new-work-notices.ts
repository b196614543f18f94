'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useRef } from 'react';
import { isDisplay, type Principal } from '@/lib/domain/actor';
import type { IncidentEvent } from '@/lib/domain/incident/events';
import type { IncidentState } from '@/lib/domain/incident/state';
import { useAgencyDirectory } from '@/components/incidents/use-agency-directory';
import { useNotify } from '@/components/ui/notices';
import { playAlertTone, useAlertSound } from './alert-sound';
import { SEVERITIES } from '@/lib/domain/incident/vocabulary';
import { newWorkFor } from './new-work';

/** At most this many notices for one batch of events (a reconnect may bring many). */
const MAX_PER_BATCH = 3;

/**
 * Tells the person, in a polite notice, of a task given to their agency by
 * someone else, of alerts posted by anyone else, of a change of severity (with
 * its reason) and of the incident's closing; with the alert sound on, beeps for
 * alerts. Only events after the board first loaded count. New tasks for the agency are one notice,
 * counted, while it is on screen (withNotice: an emergency plan gives an agency five at once).
 */
export function useNewWorkNotices(state: IncidentState, events: readonly IncidentEvent[], principal: Principal, headSeq: number) {
  const t = useTranslations('responder.news');
  const ts = useTranslations('severity');
  const notify = useNotify();
  const agencies = useAgencyDirectory();
  const [sound] = useAlertSound();
  const seen = useRef<number | null>(null);

  useEffect(() => {
    if (isDisplay(principal)) return;
    if (seen.current === null) {
      seen.current = Math.max(headSeq, state.seq);
      return;
    }
    const after = seen.current;
    let i = events.length;
    while (i > 0 && events[i - 1].seq > after) i--;
    if (i === events.length) return;
    seen.current = events[events.length - 1].seq;
    const news = newWorkFor(events.slice(i), { userId: principal.userId, agency: principal.agency }, state);
    const by = (name: string, agency: string | null) => (agency ? `${name} · ${agencies.name(agency)}` : name);
    // New tasks for the agency are counted in one notice (withNotice), however many come; the rest, the newest few.
    const others = news.filter((w) => w.kind !== 'assigned').slice(-MAX_PER_BATCH);
    for (const w of news.filter((n) => n.kind === 'assigned' || others.includes(n))) {
      if (w.kind === 'alert')
        notify({ tone: 'alert', kind: 'alert', title: w.toAgency ? t('alertTo', { by: by(w.by, w.byAgency), agency: agencies.name(w.toAgency), text: w.text }) : t('alert', { by: by(w.by, w.byAgency), text: w.text }) });
      else if (w.kind === 'message') notify({ tone: 'info', kind: 'message', title: t('message', { by: by(w.by, w.byAgency), agency: agencies.name(w.toAgency), text: w.text }) });
      else if (w.kind === 'severity') {
        // I is the gravest level: a smaller numeral is a raise.
        const raised = SEVERITIES.indexOf(w.to) < SEVERITIES.indexOf(w.from);
        const level = ts('full', { level: w.to, name: ts(`name.${w.to}`) });
        const title = t(raised ? 'severityRaised' : 'severityLowered', { level, by: by(w.by, w.byAgency) });
        // The reason is the commander's own words (any language): in the title, not the English-only detail line.
        notify({ tone: raised ? 'warning' : 'info', kind: 'severity', title: w.reason ? t('withReason', { what: title, reason: w.reason }) : title });
      } else if (w.kind === 'closed') notify({ tone: 'info', kind: 'closed', title: t('closed', { by: by(w.by, w.byAgency) }) });
      else if (w.kind === 'assigned') {
        const words = { agency: agencies.name(w.agency), title: w.title, by: by(w.by, w.byAgency) };
        notify({ tone: 'info', kind: w.kind, title: t('assigned', words), group: `assigned:${w.agency}`, many: (count) => t('assignedMany', { ...words, count }) });
      } else notify({ tone: 'info', kind: w.kind, title: t(w.kind, { agency: agencies.name(w.agency), title: w.title, by: by(w.by, w.byAgency) }) });
    }
    if (sound && news.some((w) => w.kind === 'alert')) playAlertTone();
  }, [events, state, principal, headSeq, notify, t, ts, agencies, sound]);
}
