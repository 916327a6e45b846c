// A Google Sheets API v4 emulator (values of one spreadsheet) on 127.0.0.1, after Google's public docs:
// https://developers.google.com/workspace/sheets/api/reference/rest/v4/spreadsheets.values/get (A1 ranges; the
//   answer's range, majorDimension and values, trailing empty cells and rows left out, no `values` when empty)
// https://developers.google.com/workspace/sheets/api/reference/rest/v4/spreadsheets.values/append (valueInputOption
//   required, insertDataOption; rows go after the table's last row; answer tableRange and updates.updatedRange)
// https://developers.google.com/workspace/sheets/api/reference/rest/v4/spreadsheets.values/batchUpdate (atomic: one
//   bad range and nothing is written), …/spreadsheets.values/update, …/spreadsheets/get
// https://developers.google.com/workspace/sheets/api/guides/concepts (A1 notation: 'Sheet title'!A1:B2, '' inside a title)
// https://developers.google.com/workspace/sheets/api/limits (read and write requests per minute per user, counted
//   apart, refilled every minute; over them 429 RESOURCE_EXHAUSTED; 50,000 characters at most in a cell)
// https://cloud.google.com/apis/design/errors (error bodies {error: {code, message, status}})
// Access tokens are OAuth 2.0 Bearer tokens: a fixed list, or an OAuth emulator's through `tokenState`
// (`startSignedInSheets` starts both, the sign-in as Google's).
import {
  startEmulatorServer,
  type EmulatorAnswer,
  type EmulatorRequest,
  type RunningEmulator,
} from './emulator-server.ts';
import { startOAuthEmulator, type OAuthEmulator } from './oauth-emulator.ts';

const maxCellChars = 50_000;

const googleError = (code: number, status: string, message: string): EmulatorAnswer => ({
  status: code,
  body: { error: { code, message, status } },
});
const unauthenticated = () =>
  googleError(
    401,
    'UNAUTHENTICATED',
    'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
  );

/** Column letters to a 0-based index: A → 0, AA → 26. */
const columnIndex = (letters: string) => [...letters].reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0) - 1;
const columnLetters = (index: number): string =>
  index < 0 ? '' : columnLetters(Math.floor(index / 26) - 1) + String.fromCharCode(65 + (index % 26));
/** A title as Google writes it in a range: quoted only when it must be. */
const titleInRange = (title: string) =>
  /^[A-Za-z0-9_]+$/.test(title) ? title : `'${title.replace(/'/g, "''")}'`;

/** A parsed A1 range (rows counted from 1, columns from 0). */
interface Range {
  title: string;
  column: number;
  row: number;
  lastRow: number | undefined;
}

/** One spreadsheet's sheets, each a grid of text, reachable from tests. */
export class SheetsStore {
  readonly sheets = new Map<string, string[][]>();
  readonly spreadsheetId: string;
  /** Grows with every write, so the demo knows when to save. */
  changes = 0;

  constructor(spreadsheetId: string, sheet: string, header: string[]) {
    this.spreadsheetId = spreadsheetId;
    this.sheets.set(sheet, [header]);
  }

  grid(sheet: string): string[][] {
    const grid = this.sheets.get(sheet);
    if (!grid) throw new Error(`No sheet "${sheet}".`);
    return grid;
  }

  /** Every sheet's grid, for the demo to keep between starts. */
  snapshot(): Record<string, string[][]> {
    return Object.fromEntries(this.sheets);
  }

  load(saved: Record<string, string[][]>): void {
    this.sheets.clear();
    for (const [title, grid] of Object.entries(saved)) this.sheets.set(title, grid);
  }

  /** Rows after the header, one per object, cells in header order. */
  seed(sheet: string, rows: Record<string, string>[]): void {
    const grid = this.grid(sheet);
    const header = grid[0]!;
    for (const row of rows) grid.push(header.map((name) => row[name] ?? ''));
    this.changes++;
  }

  /** The row's cells by column name (row numbers start at 1, the header's). */
  row(sheet: string, row: number): Record<string, string> {
    const grid = this.grid(sheet);
    return Object.fromEntries(grid[0]!.map((name, i) => [name, grid[row - 1]?.[i] ?? '']));
  }

  /** The number of the first row whose `column` holds `value` (0 when none does). */
  rowOf(sheet: string, column: string, value: string): number {
    const grid = this.grid(sheet);
    const index = grid[0]!.indexOf(column);
    return grid.findIndex((cells, i) => i > 0 && cells[index] === value) + 1;
  }

  set(sheet: string, row: number, fields: Record<string, string>): void {
    const grid = this.grid(sheet);
    const cells = grid[row - 1] ?? (grid[row - 1] = []);
    grid[0]!.forEach((name, i) => {
      if (Object.hasOwn(fields, name)) cells[i] = fields[name]!;
    });
  }
}

export interface GoogleSheetsEmulatorOptions {
  port?: number;
  /** Access tokens accepted as they are. */
  tokens?: string[];
  /** Or an authorization server's say on a token (the OAuth emulator's). */
  tokenState?: (token: string) => 'valid' | 'expired' | 'unknown';
  spreadsheetId?: string;
  sheet?: string;
  header?: string[];
  /** Requests a minute per user, reads and writes counted apart (60 each at Google). */
  perMinute?: number;
  /** The clock the quota windows follow (tests move it instead of waiting a minute). */
  now?: () => number;
}

export interface GoogleSheetsEmulator extends RunningEmulator {
  store: SheetsStore;
  sheet: string;
}

export async function startGoogleSheetsEmulator(
  options: GoogleSheetsEmulatorOptions = {},
): Promise<GoogleSheetsEmulator> {
  const sheet = options.sheet ?? 'Price list';
  const store = new SheetsStore(
    options.spreadsheetId ?? '1PatchbayDemoSheet0000000000000000000000000',
    sheet,
    options.header ?? ['SKU', 'Name', 'Price', 'Email'],
  );
  const tokens = new Set(options.tokens ?? ['ya29.demo-access-token']);
  const perMinute = options.perMinute ?? 60;
  const clock = options.now ?? Date.now;
  const used = { read: { minute: -1, count: 0 }, write: { minute: -1, count: 0 } };

  function tokenState(token: string) {
    if (tokens.has(token)) return 'valid';
    return options.tokenState?.(token) ?? 'unknown';
  }

  /** Quotas refill every minute: a fixed window per kind. */
  function overQuota(kind: 'read' | 'write'): EmulatorAnswer | undefined {
    const minute = Math.floor(clock() / 60_000);
    const counter = used[kind];
    if (counter.minute !== minute) Object.assign(counter, { minute, count: 0 });
    if (++counter.count <= perMinute) return undefined;
    running.stats.answered429++;
    return quotaExceeded(kind);
  }

  function quotaExceeded(kind: 'read' | 'write') {
    const metric = kind === 'read' ? 'Read requests' : 'Write requests';
    return googleError(
      429,
      'RESOURCE_EXHAUSTED',
      `Quota exceeded for quota metric '${metric}' and limit '${metric} per minute per user' of service 'sheets.googleapis.com' for consumer 'project_number:100000000001'.`,
    );
  }

  /**
   * A parsed A1 range: the sheet, the top-left cell (the whole sheet when none is named)
   * and the last row when the range ends at one (`Sheet1!1:1` is the header row alone).
   */
  function parseRange(text: string): Range | EmulatorAnswer {
    const match = /^(?:'((?:[^']|'')+)'|([^!']+))(?:!([A-Z]*)(\d*)(?::[A-Z]*(\d*))?)?$/.exec(text);
    const title = match ? (match[1]?.replace(/''/g, "'") ?? match[2]!) : undefined;
    if (!match || title === undefined || !store.sheets.has(title))
      return googleError(400, 'INVALID_ARGUMENT', `Unable to parse range: ${text}`);
    const row = match[4] ? Number(match[4]) : 1;
    const lastRow = match[5] ? Number(match[5]) : undefined;
    if (lastRow !== undefined && lastRow < row)
      return googleError(400, 'INVALID_ARGUMENT', `Unable to parse range: ${text}`);
    return { title, column: match[3] ? columnIndex(match[3]) : 0, row, lastRow };
  }

  function rangeText(title: string, column: number, row: number, width: number, height: number) {
    return `${titleInRange(title)}!${columnLetters(column)}${row}:${columnLetters(column + Math.max(width, 1) - 1)}${row + Math.max(height, 1) - 1}`;
  }

  /** The grid as the API answers it: trailing empty cells and rows left out. */
  function trimmed(grid: string[][]): string[][] {
    const rows = grid.map((row) => {
      const cells = [...row];
      while (cells.length > 0 && (cells.at(-1) ?? '') === '') cells.pop();
      return cells;
    });
    while (rows.length > 0 && rows.at(-1)!.length === 0) rows.pop();
    return rows;
  }

  /** Cell values as a sheet keeps them: text; USER_ENTERED writes booleans as TRUE/FALSE. */
  function cellsOf(values: unknown, input: string): string[][] | EmulatorAnswer {
    if (!Array.isArray(values) || values.some((row) => !Array.isArray(row)))
      return googleError(
        400,
        'INVALID_ARGUMENT',
        'Invalid JSON payload received. Unknown name "values": expected a list of lists.',
      );
    const rows = (values as unknown[][]).map((row) =>
      row.map((cell) =>
        typeof cell === 'boolean' && input === 'USER_ENTERED'
          ? String(cell).toUpperCase()
          : String(cell ?? ''),
      ),
    );
    if (rows.some((row) => row.some((cell) => cell.length > maxCellChars)))
      return googleError(
        400,
        'INVALID_ARGUMENT',
        `Your input contains more than the maximum of ${maxCellChars} characters in a single cell.`,
      );
    return rows;
  }

  function valueInput(query: URLSearchParams, body: Record<string, unknown>): string | EmulatorAnswer {
    const option = query.get('valueInputOption') ?? (body.valueInputOption as string | undefined);
    if (option === 'RAW' || option === 'USER_ENTERED') return option;
    return googleError(400, 'INVALID_ARGUMENT', "'valueInputOption' is required but not specified");
  }

  function writeCells(title: string, column: number, row: number, cells: string[][]) {
    const grid = store.grid(title);
    cells.forEach((values, i) => {
      const target = grid[row - 1 + i] ?? (grid[row - 1 + i] = []);
      values.forEach((value, j) => (target[column + j] = value));
    });
    for (let i = 0; i < grid.length; i++) grid[i] ??= [];
    store.changes++;
    return {
      spreadsheetId: store.spreadsheetId,
      updatedRange: rangeText(title, column, row, Math.max(...cells.map((c) => c.length)), cells.length),
      updatedRows: cells.length,
      updatedColumns: Math.max(...cells.map((c) => c.length)),
      updatedCells: cells.reduce((n, c) => n + c.length, 0),
    };
  }

  function handle(req: EmulatorRequest): EmulatorAnswer {
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (bearer === undefined || tokenState(bearer) !== 'valid') return unauthenticated();
    const route = /^\/v4\/spreadsheets\/([^/:]+)(?:\/values(?:\/([^/]+?))?(:append|:batchUpdate)?)?$/.exec(
      req.path,
    );
    if (!route) return googleError(404, 'NOT_FOUND', 'Requested entity was not found.');
    if (route[1] !== store.spreadsheetId)
      return googleError(404, 'NOT_FOUND', 'Requested entity was not found.');
    const isRead = req.method === 'GET';
    const quota = overQuota(isRead ? 'read' : 'write');
    if (quota) return quota;
    let body: Record<string, unknown> = {};
    if (!isRead) {
      try {
        body = JSON.parse(req.bodyText || '{}') as Record<string, unknown>;
      } catch {
        return googleError(400, 'INVALID_ARGUMENT', 'Invalid JSON payload received.');
      }
    }
    const [, , rawRange, action] = route;
    if (rawRange === undefined && action === undefined && isRead && !req.path.includes('/values'))
      return {
        status: 200,
        body: {
          spreadsheetId: store.spreadsheetId,
          properties: { title: 'Patchbay demo' },
          sheets: [...store.sheets.entries()].map(([title, grid], index) => ({
            properties: {
              sheetId: index,
              title,
              index,
              gridProperties: { rowCount: Math.max(1000, grid.length), columnCount: 26 },
            },
          })),
        },
      };
    if (action === ':batchUpdate' && req.method === 'POST') return batchUpdate(req.query, body);
    if (rawRange === undefined) return googleError(404, 'NOT_FOUND', 'Requested entity was not found.');
    const range = parseRange(decodeURIComponent(rawRange));
    if ('status' in range) return range;
    if (isRead) return read(range);
    const input = valueInput(req.query, body);
    if (typeof input !== 'string') return input;
    const cells = cellsOf(body.values, input);
    if (!Array.isArray(cells)) return cells;
    if (action === ':append' && req.method === 'POST') return append(range.title, cells);
    if (action === undefined && req.method === 'PUT')
      return { status: 200, wrote: true, body: writeCells(range.title, range.column, range.row, cells) };
    return googleError(404, 'NOT_FOUND', 'Requested entity was not found.');
  }

  function read(range: Range): EmulatorAnswer {
    const rows = trimmed(
      store
        .grid(range.title)
        .slice(range.row - 1, range.lastRow)
        .map((r) => r.slice(range.column)),
    );
    const width = Math.max(0, ...rows.map((r) => r.length));
    return {
      status: 200,
      body: {
        range: rangeText(
          range.title,
          range.column,
          range.row,
          Math.max(width, 26),
          range.lastRow === undefined ? Math.max(rows.length, 1000) : range.lastRow - range.row + 1,
        ),
        majorDimension: 'ROWS',
        ...(rows.length > 0 ? { values: rows } : {}),
      },
    };
  }

  /** New rows go after the table's last row (the last row holding anything). */
  function append(title: string, cells: string[][]): EmulatorAnswer {
    const rows = trimmed(store.grid(title));
    const width = Math.max(1, ...rows.map((r) => r.length));
    const updates = writeCells(title, 0, rows.length + 1, cells);
    return {
      status: 200,
      wrote: true,
      body: {
        spreadsheetId: store.spreadsheetId,
        tableRange: rangeText(title, 0, 1, width, rows.length),
        updates,
      },
    };
  }

  /** Every range checked before any is written: the request is atomic. */
  function batchUpdate(query: URLSearchParams, body: Record<string, unknown>): EmulatorAnswer {
    const input = valueInput(query, body);
    if (typeof input !== 'string') return input;
    if (!Array.isArray(body.data))
      return googleError(400, 'INVALID_ARGUMENT', 'Invalid JSON payload received. Unknown name "data".');
    const writes: [Range, string[][]][] = [];
    for (const item of body.data as { range?: unknown; values?: unknown }[]) {
      const range = parseRange(String(item.range ?? ''));
      if ('status' in range) return range;
      const cells = cellsOf(item.values, input);
      if (!Array.isArray(cells)) return cells;
      writes.push([range, cells]);
    }
    const responses = writes.map(([range, cells]) => writeCells(range.title, range.column, range.row, cells));
    return {
      status: 200,
      wrote: true,
      body: {
        spreadsheetId: store.spreadsheetId,
        totalUpdatedRows: responses.reduce((n, r) => n + r.updatedRows, 0),
        totalUpdatedCells: responses.reduce((n, r) => n + r.updatedCells, 0),
        totalUpdatedSheets: new Set(writes.map(([range]) => range.title)).size,
        responses,
      },
    };
  }

  const running = await startEmulatorServer(
    {
      handle,
      rateLimited: () => quotaExceeded('read'),
      serverError: (status) =>
        status === 503
          ? googleError(503, 'UNAVAILABLE', 'The service is currently unavailable.')
          : googleError(status, 'INTERNAL', 'Internal error encountered.'),
      expiredToken: unauthenticated,
    },
    { port: options.port },
  );
  return { ...running, store, sheet };
}

/** Google's sign-in and a spreadsheet that takes the tokens it issues. */
export interface SignedInSheets {
  google: OAuthEmulator;
  sheets: GoogleSheetsEmulator;
}

/**
 * Google Sheets behind Google's own sign-in, as the OAuth emulator gives it: PKCE on a
 * loopback address, refresh tokens that are not rotated, and the Desktop client's secret
 * asked for in the token request's body. The spreadsheet accepts only the tokens issued.
 */
export async function startSignedInSheets(
  client: { id: string; secret: string },
  options: Omit<GoogleSheetsEmulatorOptions, 'tokens' | 'tokenState'> = {},
): Promise<SignedInSheets> {
  const google = await startOAuthEmulator({
    scopes: ['https://www.googleapis.com/auth/spreadsheets'],
    rotateRefreshTokens: false,
    confidentialClients: { [client.id]: client.secret },
    clientAuth: 'body',
  });
  try {
    const sheets = await startGoogleSheetsEmulator({
      ...options,
      tokens: [],
      tokenState: (token) => google.accessTokenState(token),
    });
    return { google, sheets };
  } catch (error) {
    await google.close();
    throw error;
  }
}
