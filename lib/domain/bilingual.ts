/** Words in both of the board's languages, as data (an emergency plan's actions, the demo's drills). */
export interface Bilingual {
  zh: string;
  en: string;
}

export const bilingual = (zh: string, en: string): Bilingual => ({ zh, en });

/** One of the two languages of bilingual data (a plan's name and titles): a key of `Bilingual`. */
export type BilingualLang = keyof Bilingual;

/** The language of bilingual data for a UI locale ('zh-CN', 'en'): English for 'en', Chinese for any other. */
export const bilingualLang = (locale: string): BilingualLang => (locale === 'en' ? 'en' : 'zh');
