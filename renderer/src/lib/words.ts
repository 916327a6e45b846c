/** "1 record", "3 records": a count with its noun. */
export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** "12 Mar 2026, 14:05" in the user's locale, with the day. */
export const formatDateTime = (iso: string): string => dateTime.format(new Date(iso));
