/** "1 record", "3 records": a count with its noun. */
export const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString()} ${n === 1 ? one : many}`;

// Made when first needed: building it loads the locale's date patterns, 20–25 ms of a
// page's start that the Failures view's first rows need not wait for (issue 17).
let dateTime: Intl.DateTimeFormat | undefined;

/** "12 Mar 2026, 14:05" in the user's locale, with the day. */
export const formatDateTime = (iso: string): string =>
  (dateTime ??= new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })).format(
    new Date(iso),
  );

/**
 * The start of a day typed as YYYY-MM-DD (a date field), in the user's time zone, as an
 * ISO instant; `addDays` 1 gives the end of that day (the start of the next).
 */
export function startOfLocalDay(day: string, addDays = 0): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y!, m! - 1, d! + addDays).toISOString();
}

/** A date field's value: YYYY-MM-DD. */
export const isDayText = (day: string) => /^\d{4}-\d{2}-\d{2}$/.test(day);
