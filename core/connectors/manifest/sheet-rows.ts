import { SyncError } from '../../reliability/error-classes.ts';
import { classifyMalformedBody } from '../../reliability/classify-http-error.ts';
import { createAtMostOnce } from './create-retry.ts';
import type { RejectedRecord } from '../connector.ts';
import type { EntitySpec, RequestSpec, RowsSpec } from './manifest-schema.ts';
import { getPath, type TemplateContext } from './template.ts';

// The `header-row` adapter (docs/connectors.md#sheet-rows): Google Sheets answers a grid
// (`values: [[…], …]`), not records. The first row names the fields; every other row that
// holds something is a record whose id is its key column's value (row numbers shift when a
// row above is deleted; a key does not). Writes read the sheet first, so a row is found
// again by its key column: a row already there is overwritten in place
// (`values:batchUpdate`), a new one appended (`values:append`). Appends are not idempotent
// (a retried append writes the row twice), so the read-then-write is retried as a whole:
// a row whose answer was lost is found by the next read and written in place.
// https://developers.google.com/workspace/sheets/api/reference/rest/v4/spreadsheets.values

/** A non-empty row of a grid: its number and its cells by column name. */
export interface GridRecord {
  row: number;
  fields: Record<string, string>;
}

/** A row as the interpreter's record: `{key, row, fields}` (idField `key`, fieldsPath `fields`). */
export interface KeyedRow extends GridRecord {
  key: string;
}

/** The column's letters for a 0-based index: 0 → A, 25 → Z, 26 → AA. */
export function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

const text = (cell: unknown) => (cell === undefined || cell === null ? '' : String(cell));

/** The records of a grid whose first row is the header; empty rows are no records. */
export function gridRecords(values: unknown): GridRecord[] {
  if (values === undefined) return []; // Sheets leaves `values` out for an empty range.
  if (!Array.isArray(values)) throw new Error('not a grid');
  const header = ((values[0] ?? []) as unknown[]).map(text);
  const records: GridRecord[] = [];
  values.forEach((row: unknown, index) => {
    if (index === 0 || !Array.isArray(row) || row.every((cell) => text(cell) === '')) return;
    const fields: Record<string, string> = {};
    header.forEach((name, column) => {
      if (name !== '') fields[name] = text(row[column]);
    });
    records.push({ row: index + 1, fields });
  });
  return records;
}

/**
 * The rows with their key column's value as id. A row without a key, or with one an
 * earlier row has, cannot be told apart: it is set aside, in words, and nothing is lost.
 */
export function keyedRows(records: readonly GridRecord[], column: string) {
  const rows: KeyedRow[] = [];
  const rejected: RejectedRecord[] = [];
  const seen = new Map<string, number>();
  for (const record of records) {
    const key = (record.fields[column] ?? '').trim();
    const first = seen.get(keyOf(key));
    const problem =
      key === ''
        ? `Row ${record.row} has no "${column}" (the sheet's key column): fill it in so Patchbay can tell this row from the others.`
        : first !== undefined
          ? `Row ${record.row} has the same "${column}" as row ${first} (${key}): make it unique.`
          : undefined;
    if (problem) rejected.push({ id: `row ${record.row}`, fields: record.fields, message: problem });
    else {
      seen.set(keyOf(key), record.row);
      rows.push({ ...record, key });
    }
  }
  return { rows, rejected };
}

/** The row numbers an `updatedRange` covers: `'Price list'!A5:C7` → 5, 6, 7. */
export function rowsOfRange(range: string): number[] {
  const match = /!?[A-Z]*(\d+)(?::[A-Z]*(\d+))?$/.exec(range);
  if (!match) return [];
  const first = Number(match[1]);
  const last = Number(match[2] ?? match[1]);
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

/** A value as a cell takes it: text, a number or a boolean; nothing is an empty cell. */
function cellOf(value: unknown): string | number | boolean {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
}

const keyOf = (value: unknown) => text(value).trim().toLowerCase();

export interface SheetExchanges {
  readonly appName: string;
  /** One exchange, not retried; answers the body. */
  send(spec: RequestSpec, context: TemplateContext): Promise<unknown>;
  /** Retries an operation as a whole (the factory's backoff and rate limiter). */
  reliably<T>(operation: () => Promise<T>): Promise<T>;
  /** A manifest template filled from the app's settings (the key column's name). */
  render(template: string): Promise<string>;
}

type Item = { key: string; record: Record<string, unknown> };

/** The adapter for an entity whose manifest names `rows`; undefined for any other. */
export function sheetRowsOf(spec: EntitySpec, io: SheetExchanges) {
  return spec.rows ? sheetRows({ ...spec, rows: spec.rows }, io) : undefined;
}

/** The adapter's reads and writes for one entity whose manifest names `rows`, each retried as a whole. */
function sheetRows(spec: EntitySpec & { rows: RowsSpec }, io: SheetExchanges) {
  const { appName } = io;
  const list = spec.list;
  const create = spec.write?.create;
  const update = spec.write?.update;
  if (!list) throw new Error(`${appName}'s sheet has no read request.`);

  /** The whole sheet: its title as the answer names it, its header, key column and rows. */
  async function readSheet() {
    const body = await io.send(list!, {});
    const values = getPath(body, list!.recordsPath);
    let records: GridRecord[];
    try {
      records = gridRecords(values);
    } catch {
      throw classifyMalformedBody(appName);
    }
    const range = String(getPath(body, 'range') ?? '');
    const title = range.includes('!') ? range.slice(0, range.lastIndexOf('!')) : range;
    const header =
      Array.isArray(values) && Array.isArray(values[0]) ? (values[0] as unknown[]).map(text) : [];
    const column = await io.render(spec.rows.keyColumn);
    return { title, header, column, ...keyedRows(records, column) };
  }
  type Sheet = Awaited<ReturnType<typeof readSheet>>;

  const rowOfKey = (sheet: Sheet, key: string) => sheet.rows.find((r) => keyOf(r.key) === keyOf(key));

  /**
   * Why a record cannot be written to this sheet, as a record-level refusal: a field the
   * header has no column for, or no value for the key column (the row could not be found again).
   */
  function refusal(sheet: Sheet, record: Record<string, unknown>): SyncError | undefined {
    const missing = Object.keys(record).filter((name) => !sheet.header.includes(name));
    if (!sheet.header.includes(sheet.column)) missing.push(sheet.column);
    const detail =
      missing.length > 0
        ? `The sheet has no column ${missing.map((m) => `"${m}"`).join(', ')}: add it to the header row, or leave it out of the mapping.`
        : text(record[sheet.column]).trim() === ''
          ? `The record has no "${sheet.column}", the sheet's key column, so its row could not be found again.`
          : undefined;
    return detail === undefined ? undefined : new SyncError('validation', appName, { detail });
  }
  const keyIn = (sheet: Sheet, record: Record<string, unknown>) => text(record[sheet.column]).trim();

  /** The row's cells in header order: the record's values over what the row holds now. */
  const cellsOf = (sheet: Sheet, record: Record<string, unknown>, now?: GridRecord) =>
    sheet.header.map((name) =>
      Object.hasOwn(record, name) ? cellOf(record[name]) : (now?.fields[name] ?? ''),
    );

  const rangeOf = (sheet: Sheet, row: number) =>
    `${sheet.title}!A${row}:${columnName(Math.max(0, sheet.header.length - 1))}${row}`;

  async function overwrite(sheet: Sheet, rows: { row: KeyedRow; record: Record<string, unknown> }[]) {
    if (rows.length === 0) return;
    if (!update) throw new Error(`${appName} cannot update rows.`);
    const data = rows.map(({ row, record }) => ({
      range: rangeOf(sheet, row.row),
      values: [cellsOf(sheet, record, row)],
    }));
    await io.send(update, { data });
  }

  async function append(sheet: Sheet, records: Record<string, unknown>[]): Promise<number[]> {
    if (records.length === 0) return [];
    if (!create) throw new Error(`${appName} cannot append rows.`);
    const body = await io.send(create, { rows: records.map((record) => cellsOf(sheet, record)) });
    const rows = rowsOfRange(String(getPath(body, create.idPath) ?? ''));
    if (rows.length !== records.length) throw classifyMalformedBody(appName);
    return rows;
  }

  /** Upserts the items by key column: one read, one in-place write, one append. */
  async function upsertOnce(items: readonly Item[]): Promise<Map<string, string | SyncError>> {
    const sheet = await readSheet();
    const out = new Map<string, string | SyncError>();
    const inPlace: { row: KeyedRow; record: Record<string, unknown> }[] = [];
    const fresh = new Map<string, Record<string, unknown>>();
    for (const item of items) {
      const refused = refusal(sheet, item.record);
      const key = keyIn(sheet, item.record);
      const row = rowOfKey(sheet, key);
      if (refused) out.set(item.key.toLowerCase(), refused);
      else if (row) inPlace.push({ row, record: item.record });
      else fresh.set(keyOf(key), item.record); // the same key twice: one row
      if (!refused) out.set(item.key.toLowerCase(), row?.key ?? key);
    }
    await overwrite(sheet, inPlace);
    await append(sheet, [...fresh.values()]);
    return out;
  }

  async function lookupOnce(key: string) {
    return rowOfKey(await readSheet(), key)?.key;
  }

  return {
    /** Every row of the sheet (it has no pages and no changed-since filter), and those set aside. */
    readRecords: () =>
      io.reliably(async () => {
        const { rows, rejected } = await readSheet();
        return { rows, rejected };
      }),
    getRecord: (id: string) => io.reliably(async () => rowOfKey(await readSheet(), id)),
    lookup: (key: string) => io.reliably(() => lookupOnce(key)),
    /** One new row; an append is never replayed by the app, so a lost answer is found by the key column. */
    create: (record: Record<string, unknown>, key: string | undefined) =>
      createAtMostOnce({
        appName,
        reliably: io.reliably,
        keyed: false,
        send: async () => {
          const sheet = await readSheet();
          const refused = refusal(sheet, record);
          if (refused) throw refused;
          await append(sheet, [record]);
          return keyIn(sheet, record);
        },
        lookUp: key ? () => lookupOnce(key) : undefined,
      }),
    /** Overwrites the row whose key is `id`; answers its key, which the record may change. */
    update: (id: string, record: Record<string, unknown>) =>
      io.reliably(async () => {
        const sheet = await readSheet();
        const now = rowOfKey(sheet, id);
        const merged = { [sheet.column]: now?.key ?? id, ...record };
        const refused = refusal(sheet, merged);
        if (refused) throw refused;
        if (!now)
          throw new SyncError('not_found', appName, {
            detail: `No row of the sheet has "${id}" in its "${sheet.column}" column any more.`,
          });
        await overwrite(sheet, [{ row: now, record }]);
        return keyIn(sheet, merged);
      }),
    batchUpsert: async (items: readonly Item[]) => {
      const ids = new Map<string, string | SyncError>();
      for (let start = 0; start < items.length; start += spec.rows.batchSize) {
        const batch = items.slice(start, start + spec.rows.batchSize);
        for (const [key, id] of await io.reliably(() => upsertOnce(batch))) ids.set(key, id);
      }
      return ids;
    },
    /**
     * The column names of the header row, read alone (`rows.header`): the entity's fields
     * for a flow editor. Blank header cells name no column; none at all when the sheet is empty.
     */
    columns: () =>
      io.reliably(async () => {
        if (!spec.rows.header) return [];
        const values = getPath(await io.send(spec.rows.header, {}), list.recordsPath);
        if (values !== undefined && !(Array.isArray(values) && values.every(Array.isArray)))
          throw classifyMalformedBody(appName);
        const header = ((values as unknown[][] | undefined)?.[0] ?? []).map(text);
        return [...new Set(header.map((name) => name.trim()).filter((name) => name !== ''))];
      }),
  };
}
