'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';
import { useMemo, useState, useEffect } from 'react';
import { ReviewNav, reviewHref } from '@/components/review/review-nav';
import { useAccount, useActor } from '@/components/shell/account-context';
import { useAgencyDirectory } from '@/components/incidents/use-agency-directory';
import { Button } from '@/components/ui/button';
import { ErrorMessage, toErrorLike } from '@/components/ui/error-message';
import { Select } from '@/components/ui/inputs';
import { Spinner } from '@/components/ui/spinner';
import { exportHref, useIncidentLog } from '@/lib/client/api/incident-log';
import { authorizeReview } from '@/lib/domain/permissions';
import { colonOf, describeEvent, type Translate } from '@/lib/exports/describe-event';
import { buildIcs214 } from '@/lib/exports/ics214';
import { useClockFormat } from '@/lib/i18n/use-clock-format';
import { ics214Choice, participatingAgencies } from './ics214-agency';

/** A4 portrait; only the form prints (the app header and the controls are print:hidden). */
const PRINT_CSS = `
@page { size: A4 portrait; margin: 12mm; }
@media print {
  html, body { height: auto !important; overflow: visible !important; background: white !important; }
  main, main * { overflow: visible !important; }
  [data-ics214-sheet] { box-shadow: none !important; border: 0 !important; margin: 0 !important; padding: 0 !important; max-width: none !important; }
  [data-ics214-sheet] tr { break-inside: avoid; }
}`;

const CELL = 'border border-slate-900 px-2 py-1 align-top';
const LABEL = 'block text-[11px] font-semibold uppercase tracking-wide text-slate-700';

/** /incidents/[id]/ics214?agency=CODE: one agency's activity log in the layout of the ICS 214 form (SPEC REV5). */
export function Ics214Sheet({ incidentId, agency }: { incidentId: string; agency: string }) {
  const t = useTranslations('exports');
  const tAll = useTranslations();
  const tc = useTranslations('common');
  const locale = useLocale();
  const colon = colonOf(locale);
  const account = useAccount();
  const actor = useActor();
  const router = useRouter();
  const agencies = useAgencyDirectory();
  const clock = useClockFormat();
  const log = useIncidentLog(incidentId);
  const [preparedAt, setPreparedAt] = useState<number | null>(null);
  useEffect(() => setPreparedAt(Date.now()), []);
  const allowed = authorizeReview(actor, 'Export') === null;

  const participating = useMemo(() => participatingAgencies(log.data), [log.data]);
  // No agency chosen (no or an empty ?agency=): the page asks for one; "did not take part" is for a code that did not.
  const choice = ics214Choice(agency, participating);
  const sheet = useMemo(() => {
    if (!log.data || log.data.length === 0 || choice === 'none') return null;
    const ctx = { t: tAll as unknown as Translate, agencyName: agencies.name, dateTime: clock.dateTime, colon: colonOf(locale) };
    return buildIcs214(log.data, agency, (ev, before) => describeEvent(ev, before, ctx));
  }, [log.data, agency, choice, tAll, agencies.name, clock.dateTime, locale]);

  // The zone its times are in, at both ends of the period (a summer-time change between them).
  const zoneFrom = sheet ? clock.zone(sheet.period.from) : '';
  const zoneTo = sheet ? clock.zone(sheet.period.to) : '';
  return (
    <div className="flex-1 overflow-y-auto bg-slate-100">
      <style>{PRINT_CSS}</style>
      <div className="print:hidden">
        <ReviewNav incidentId={incidentId} />
        <div className="mx-auto flex max-w-[210mm] flex-wrap items-end gap-3 px-4 pt-4">
          <Link href={reviewHref(incidentId, 'exports')} className="text-sm font-medium text-blue-800 underline">
            {t('sheet.back')}
          </Link>
          <label className="ml-auto flex items-center gap-2 text-sm font-medium text-slate-800">
            {t('sheet.chooseAgency')}
            <Select value={agency} onChange={(e) => router.replace(exportHref.ics214(incidentId, e.target.value))} data-testid="ics214-agency" className="w-52">
              {choice === 'none' ? (
                <option value="" disabled>
                  {t('sheet.pickAgency')}
                </option>
              ) : (
                !participating.includes(agency) && <option value={agency}>{agencies.name(agency)}</option>
              )}
              {participating.map((c) => (
                <option key={c} value={c}>
                  {agencies.name(c)}
                </option>
              ))}
            </Select>
          </label>
          <Button variant="primary" onClick={() => window.print()} disabled={choice === 'none'} data-testid="ics214-print">
            {t('sheet.print')}
          </Button>
        </div>
      </div>
      {!allowed ? (
        <p role="alert" className="m-8 text-sm font-medium text-red-800">{t('notAllowed')}</p>
      ) : log.isPending ? (
        <div className="m-8"><Spinner label={t('sheet.loading')} /></div>
      ) : log.isError ? (
        <div className="m-8"><ErrorMessage error={toErrorLike(log.error)} reading /></div>
      ) : !log.data?.length ? (
        <p className="m-8 text-sm">{t('notFound')}</p>
      ) : choice === 'none' || !sheet ? (
        <p role="status" data-testid="ics214-choose-agency" className="print:hidden mx-auto mt-4 max-w-[210mm] rounded border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900">
          {t('sheet.chooseAgencyPrompt')}
        </p>
      ) : (
        <>
        {choice === 'not-part' && (
          <p role="status" data-testid="ics214-not-part" className="print:hidden mx-auto mt-4 max-w-[210mm] rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950">
            {t('sheet.unknownAgency')}
          </p>
        )}
        <article
          data-ics214-sheet
          data-testid="ics214-sheet"
          className="mx-auto my-4 max-w-[210mm] bg-white p-[10mm] text-[13px] leading-snug text-slate-950 shadow"
        >
          <table className="w-full border-collapse">
            <tbody>
              <tr>
                <td className={`${CELL} w-1/3`}>
                  <h1 className="text-base font-black">{t('sheet.formTitle')}</h1>
                </td>
                <td className={CELL}>
                  <span className={LABEL}>{t('sheet.incidentName')}</span>
                  <span className="font-semibold" data-testid="ics214-incident">{sheet.incidentTitle}</span>
                </td>
                <td className={`${CELL} w-[34%]`}>
                  <span className={LABEL}>{t('sheet.period')}</span>
                  <span className="block">{t('sheet.from')}{colon}{clock.stamp(sheet.period.from)}</span>
                  <span className="block">{t('sheet.to')}{colon}{clock.stamp(sheet.period.to)}</span>
                  {/* A sheet is handed on and filed: say which zone its times are in. */}
                  <span className="block text-slate-700" data-testid="ics214-zone">
                    {t('sheet.zone')}{colon}{zoneFrom === zoneTo ? zoneFrom : t('sheet.zoneChange', { from: zoneFrom, to: zoneTo })}
                  </span>
                </td>
              </tr>
            </tbody>
          </table>

          <h2 className={`${LABEL} mt-3 mb-1`}>{t('sheet.unit')}</h2>
          <PeopleTable
            testId="ics214-people"
            agency={agency}
            rows={sheet.people.map((p) => ({ key: p.userId, name: p.name, position: tAll(`roles.${p.role}`) }))}
          />

          <h2 className={`${LABEL} mt-3 mb-1`}>{t('sheet.resources')}</h2>
          {/* The form's block: one row per resource, name / ICS position / home agency. */}
          <PeopleTable
            testId="ics214-resources"
            rowTestId="ics214-resource"
            agency={agency}
            rows={[
              ...sheet.people.map((p) => ({ key: `p:${p.userId}`, name: p.name, position: tAll(`roles.${p.role}`) })),
              ...sheet.assignees.map((a) => ({ key: `a:${a}`, name: a, position: t('sheet.assigneePosition') })),
            ]}
          />

          <h2 className={`${LABEL} mt-3 mb-1`}>{t('sheet.activity')}</h2>
          <table className="w-full border-collapse" data-testid="ics214-activities">
            <thead>
              <tr className="bg-slate-100 text-left">
                <th className={`${CELL} w-[22%]`}>{t('sheet.dateTime')}</th>
                <th className={CELL}>{t('sheet.notable')}</th>
                <th className={`${CELL} w-[22%]`}>{t('sheet.byWhom')}</th>
              </tr>
            </thead>
            <tbody>
              {sheet.activities.length === 0 ? (
                <tr>
                  <td className={CELL} colSpan={3}>{t('sheet.noActivity')}</td>
                </tr>
              ) : (
                sheet.activities.map((a) => (
                  <tr key={a.seq} data-seq={a.seq}>
                    <td className={`${CELL} tabular-nums whitespace-nowrap`}>{clock.stamp(a.ts)}</td>
                    <td className={`${CELL} break-words`}>{a.text}</td>
                    <td className={CELL}>
                      {a.actorName}
                      {a.actorAgency && a.actorAgency !== agency && <span className="text-slate-700"> · {agencies.short(a.actorAgency)}</span>}
                    </td>
                  </tr>
                ))
              )}
            </tbody>
          </table>

          <table className="mt-3 w-full border-collapse">
            <tbody>
              <tr>
                <td className={CELL}>
                  <span className={LABEL}>{t('sheet.preparedBy')}</span>
                  <span data-testid="ics214-prepared-by">
                    {account.displayName} · {tAll(`roles.${account.role}`)}
                    {account.agency ? ` · ${agencies.name(account.agency)}` : ''}
                  </span>
                </td>
                <td className={`${CELL} w-[26%]`}>
                  <span className={LABEL}>{t('sheet.preparedAt')}</span>
                  {preparedAt ? clock.stamp(preparedAt) : tc('none')}
                </td>
                {/* Left blank to be signed on paper (the form's signature block). */}
                <td className={`${CELL} w-[26%]`} data-testid="ics214-signature">
                  <span className={LABEL}>{t('sheet.signature')}</span>
                  <span className="block h-8" />
                </td>
              </tr>
            </tbody>
          </table>
          <p className="mt-2 text-right text-[11px] text-slate-600">{t('sheet.footer')}</p>
        </article>
        </>
      )}
    </div>
  );
}

/** A block of the form listing people: name, ICS position, home agency (the sheet's agency). */
function PeopleTable({ testId, rowTestId, agency, rows }: { testId: string; rowTestId?: string; agency: string; rows: { key: string; name: string; position: string }[] }) {
  const t = useTranslations('exports');
  const agencies = useAgencyDirectory();
  return (
    <table className="w-full border-collapse" data-testid={testId}>
      <thead>
        <tr className="bg-slate-100 text-left">
          <th className={CELL}>{t('sheet.name')}</th>
          <th className={CELL}>{t('sheet.position')}</th>
          <th className={CELL}>{t('sheet.homeAgency')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 ? (
          <tr>
            <td className={CELL} colSpan={3}>{t('sheet.resourcesNone')}</td>
          </tr>
        ) : (
          rows.map((r) => (
            <tr key={r.key} data-testid={rowTestId}>
              <td className={CELL}>{r.name}</td>
              <td className={CELL}>{r.position}</td>
              <td className={CELL}>
                <span aria-hidden className="mr-1 inline-block size-2.5 rounded-sm print:hidden" style={{ backgroundColor: agencies.color(agency) }} />
                {agencies.name(agency)}
              </td>
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}
