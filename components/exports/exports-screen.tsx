'use client';

import Link from 'next/link';
import { useLocale, useTranslations } from 'next-intl';
import { useState, type ReactNode } from 'react';
import { ReviewNav, reviewHref } from '@/components/review/review-nav';
import { useActor } from '@/components/shell/account-context';
import { useAgencyDirectory } from '@/components/incidents/use-agency-directory';
import { buttonClass } from '@/components/ui/button';
import { ErrorMessage, toErrorLike } from '@/components/ui/error-message';
import { Select } from '@/components/ui/inputs';
import { Spinner } from '@/components/ui/spinner';
import { exportHref } from '@/lib/client/api/incident-log';
import { useBrowserTimeZone } from '@/lib/client/browser-value';
import { useIncidentSummary } from '@/lib/client/api/incident';
import { authorizeReview } from '@/lib/domain/permissions';
import { asAppLocale, LOCALES, type AppLocale } from '@/lib/i18n/locales';

const LINK = buttonClass({ variant: 'primary' });
const SECONDARY = buttonClass({ size: 'sm' });

function Card({ title, description, children, testId }: { title: string; description: string; children: ReactNode; testId: string }) {
  return (
    <section className="rounded border border-slate-300 bg-white p-4" data-testid={testId}>
      <h2 className="text-base font-semibold text-slate-950">{title}</h2>
      <p className="mt-1 mb-3 text-sm text-slate-700">{description}</p>
      <div className="flex flex-wrap items-end gap-3">{children}</div>
    </section>
  );
}

/** /incidents/[id]/exports: downloads of one incident's record (SPEC REV5). */
export function ExportsScreen({ incidentId }: { incidentId: string }) {
  const t = useTranslations('exports');
  const tc = useTranslations('common');
  const locale = useLocale();
  const actor = useActor();
  const agencies = useAgencyDirectory();
  const summary = useIncidentSummary(incidentId);
  const [lang, setLang] = useState<AppLocale>(asAppLocale(locale));
  const tz = useBrowserTimeZone();
  const allowed = authorizeReview(actor, 'Export') === null;

  return (
    <div className="flex-1 overflow-y-auto bg-slate-50">
      <ReviewNav incidentId={incidentId} />
      <div className="mx-auto max-w-4xl px-4 py-4">
        <h1 className="text-xl font-semibold">
          {t('title')}
          {summary.data && <span className="ml-2 text-base font-normal text-slate-700">· {summary.data.title}</span>}
        </h1>
        <p className="mt-1 mb-4 text-sm text-slate-700">{t('intro')}</p>
        {!allowed ? (
          <p role="alert" data-testid="exports-not-allowed" className="rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950">
            {t('notAllowed')}
          </p>
        ) : summary.isPending ? (
          <Spinner label={tc('loading')} />
        ) : summary.isError ? (
          <ErrorMessage error={toErrorLike(summary.error)} reading />
        ) : (
          <div className="grid gap-3">
            <Card testId="export-log" title={t('log.title')} description={t('log.description')}>
              <a className={LINK} href={exportHref.log(incidentId)} download data-testid="download-log">
                {t('log.download')}
              </a>
            </Card>
            <label className="flex items-center gap-2 text-sm font-medium text-slate-800">
              {t('language')}
              <Select value={lang} onChange={(e) => setLang(e.target.value as AppLocale)} data-testid="csv-lang" className="w-40">
                {LOCALES.map((l) => (
                  <option key={l} value={l}>
                    {t(`lang.${l}`)}
                  </option>
                ))}
              </Select>
              <span className="font-normal text-slate-700">{t('csvZone', { zone: tz })}</span>
            </label>
            <Card testId="export-timeline" title={t('timeline.title')} description={t('timeline.description')}>
              <a className={LINK} href={exportHref.timeline(incidentId, lang, tz)} download data-testid="download-timeline">
                {t('timeline.download')}
              </a>
            </Card>
            <Card testId="export-tasks" title={t('tasks.title')} description={t('tasks.description')}>
              <a className={LINK} href={exportHref.tasks(incidentId, lang, tz)} download data-testid="download-tasks">
                {t('tasks.download')}
              </a>
            </Card>
            <Card testId="export-review" title={t('review.title')} description={t('review.description')}>
              <div className="flex flex-wrap gap-x-6 gap-y-2">
                <a className={LINK} href={exportHref.findings(incidentId, lang, tz)} download data-testid="download-findings">
                  {t('review.findings')}
                </a>
                <a className={LINK} href={exportHref.plan(incidentId, lang, tz)} download data-testid="download-plan">
                  {t('review.plan')}
                </a>
              </div>
            </Card>
            <Card testId="export-ics214" title={t('ics214.title')} description={t('ics214.description')}>
              <ul className="flex flex-wrap gap-2">
                {summary.data.agencies.map((code) => (
                  <li key={code}>
                    <Link className={SECONDARY} href={exportHref.ics214(incidentId, code)} data-testid={`ics214-${code}`}>
                      <span aria-hidden className="inline-block size-3 rounded-sm" style={{ backgroundColor: agencies.color(code) }} />
                      {t('ics214.open', { agency: agencies.name(code) })}
                    </Link>
                  </li>
                ))}
              </ul>
            </Card>
            <Card testId="export-report" title={t('report.title')} description={t('report.description')}>
              <Link className={SECONDARY} href={reviewHref(incidentId, 'report')}>
                {t('report.open')}
              </Link>
            </Card>
          </div>
        )}
      </div>
    </div>
  );
}
