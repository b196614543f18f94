import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { PageProblem } from '@/components/shell/page-problem';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('pageProblem'))('notFoundTitle') };
}

/** An address that leads nowhere: said in the page's language, with the way back to the incidents. */
export default function NotFound() {
  return <PageProblem kind="notFound" />;
}
