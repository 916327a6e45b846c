// A spreadsheet cell's text as the value a flow maps: numbers with a decimal point or a
// decimal comma (and thousands separators), dates as ISO 8601 (2026-11-29), the rest as
// text. Text that only looks like a number but would lose something as one (a leading
// zero as in postcodes and account numbers, more digits than a number holds) stays text.

export type DecimalMark = '.' | ',';

/**
 * Which decimal mark a file uses: a comma where the columns are separated by ; or tab
 * (how Excel exports in countries that write 3,5), else a point.
 */
export const decimalMarkFor = (delimiter: string): DecimalMark => (delimiter === ',' ? '.' : ',');

const plainInteger = /^[-+]?(0|[1-9]\d{0,14})$/;

export function typedValue(text: string, decimal: DecimalMark): string | number | null {
  const value = text.trim();
  if (value === '') return null;
  if (plainInteger.test(value)) return Number(value);
  const number = asNumber(value, decimal) ?? otherMark(value, decimal);
  if (number !== undefined) return number;
  return asIsoDate(value) ?? text;
}

/** A number's shape for each decimal mark, made once (every cell of a file is tried against it). */
const numberShape = (decimal: DecimalMark) => {
  const group = decimal === ',' ? '[. \u00a0\u202f]' : '[, \u00a0\u202f]';
  const d = decimal === ',' ? ',' : '\\.';
  return new RegExp(`^([-+]?)(0|[1-9]\\d{0,2}(?:${group}\\d{3})*|[1-9]\\d*)(?:${d}(\\d+))?$`);
};
const numberShapes: Record<DecimalMark, RegExp> = { ',': numberShape(','), '.': numberShape('.') };

function asNumber(value: string, decimal: DecimalMark): number | undefined {
  const match = numberShapes[decimal].exec(value);
  if (!match) return undefined;
  const [, sign = '', whole = '', fraction] = match;
  const digits = whole.replace(/\D/g, '');
  if (digits.length + (fraction?.length ?? 0) > 15) return undefined;
  return Number(`${sign}${digits}${fraction === undefined ? '' : `.${fraction}`}`);
}

/** `1.5` in a file of decimal commas (or `1,5` in one of points) is still a number: one mark, not three digits after it. */
function otherMark(value: string, decimal: DecimalMark): number | undefined {
  const other = decimal === ',' ? '.' : ',';
  const match = /^([-+]?\d+)[.,](\d+)$/.exec(value);
  if (!match || !value.includes(other) || match[2]!.length === 3) return undefined;
  return asNumber(value.replace(other, decimal === ',' ? ',' : '.'), decimal);
}

const isoDate = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/;
const dottedDate = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/** `2026-11-29`, `2026-11-29 14:30`, `29.11.2026` → ISO 8601; a date that does not exist stays text. */
function asIsoDate(value: string): string | undefined {
  const iso = isoDate.exec(value);
  const dotted = iso ? undefined : dottedDate.exec(value);
  const parts = iso
    ? { y: iso[1], m: iso[2], d: iso[3], h: iso[4], min: iso[5], s: iso[6] }
    : dotted
      ? { y: dotted[3], m: dotted[2], d: dotted[1], h: dotted[4], min: dotted[5], s: dotted[6] }
      : undefined;
  if (!parts) return undefined;
  const [y, m, d] = [Number(parts.y), Number(parts.m), Number(parts.d)];
  const probe = new Date(Date.UTC(y, m - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== m - 1 || probe.getUTCDate() !== d)
    return undefined;
  const date = `${parts.y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  if (parts.h === undefined) return date;
  const [h, min, s] = [Number(parts.h), Number(parts.min), Number(parts.s ?? 0)];
  if (h > 23 || min > 59 || s > 59) return undefined;
  return `${date}T${String(h).padStart(2, '0')}:${parts.min}:${String(s).padStart(2, '0')}`;
}
