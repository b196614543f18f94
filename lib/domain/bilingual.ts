/** Words in both of the board's languages, as data (an emergency plan's actions, the demo's drills). */
export interface Bilingual {
  zh: string;
  en: string;
}

export const bilingual = (zh: string, en: string): Bilingual => ({ zh, en });
