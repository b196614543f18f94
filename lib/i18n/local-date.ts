const pad = (n: number) => String(n).padStart(2, '0');

/** A day in this browser's time zone as a date input writes it (YYYY-MM-DD): an improvement item's due day. */
export function localDay(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** A moment in this browser's time zone as a datetime-local input writes it (YYYY-MM-DDTHH:mm): a task's due time. */
export function localMinute(d: Date): string {
  return `${localDay(d)}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
