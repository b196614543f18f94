import type { Metadata } from 'next';
import { NextIntlClientProvider } from 'next-intl';
import { getLocale, getTimeZone } from 'next-intl/server';
import { z } from 'zod';
import { ReportArticle, ReportScreen } from '@/components/report/report-screen';
import { asAppLocale, type AppLocale } from '@/lib/i18n/locales';
import { loadMessages } from '@/lib/i18n/messages';

/**
 * The after-action report prints on A4 (issue #5), whole-page flow (the app header and tabs are
 * print:hidden). Rendered with the page, not imported as a stylesheet: Next keeps a page's
 * imported CSS after a client-side navigation away, and these rules then applied to the next
 * page printed in that tab (the ICS 214 sheet's margins, its layout).
 */
const PRINT_CSS = `@page {
  size: A4;
  margin: 14mm 12mm 16mm;
}

@media print {
  html,
  body,
  main {
    height: auto !important;
    min-height: 0 !important;
    overflow: visible !important;
    display: block !important;
    background: #fff !important;
  }
  /* Nothing may be wider than the paper: Chromium would shrink the whole report to fit. */
  .report-page table {
    width: 100% !important;
  }
  .report-page {
    -webkit-print-color-adjust: exact;
    print-color-adjust: exact;
  }
}`;

const ReportQuery = z.object({ lang: z.enum(['zh-CN', 'en']).optional().catch(undefined) });
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** ?lang=zh-CN|en, else the viewer's language (an unknown value is ignored). */
async function reportLocale(searchParams: SearchParams): Promise<AppLocale> {
  const q = ReportQuery.parse(await searchParams);
  const viewer = await getLocale();
  return q.lang ?? asAppLocale(viewer);
}

export async function generateMetadata({ searchParams }: { searchParams: SearchParams }): Promise<Metadata> {
  const locale = await reportLocale(searchParams);
  // The request config follows the viewer's cookie; the report's title follows ?lang.
  return { title: (await loadMessages(locale)).report.pageTitle };
}

export default async function IncidentReportPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: SearchParams }) {
  const { id } = await params;
  const locale = await reportLocale(searchParams);
  const viewer = await getLocale();
  // The tabs and the toolbar in the person's language (the app's provider); the report in its own.
  return (
    <ReportScreen incidentId={id} lang={locale} viewerLang={asAppLocale(viewer)}>
      <style>{PRINT_CSS}</style>
      <NextIntlClientProvider locale={locale} messages={await loadMessages(locale)} timeZone={await getTimeZone()}>
        <ReportArticle incidentId={id} lang={locale} />
      </NextIntlClientProvider>
    </ReportScreen>
  );
}
