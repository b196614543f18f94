/** A download's file name stem: the incident's title (letters and digits, dashes between) and its opening date. */
export function fileStem(title: string, openedAt: number, id: string): string {
  const safe = title.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 60);
  return `${safe || id}-${new Date(openedAt).toISOString().slice(0, 10)}`;
}
