import type { ConnectorSetting } from '../../contract/connectors.ts';
import { isFullPath } from '../../contract/declared-settings.ts';
import { SyncError } from '../../reliability/error-classes.ts';

// What a "Folder of spreadsheets" app is set up with, declared in plain words (the app
// form is rendered from these) and parsed once into a typed config.

export const delimiterChoices = ['auto', ',', ';', 'tab'] as const;
export const encodingChoices = ['auto', 'utf-8', 'windows-1252', 'utf-16le', 'utf-16be'] as const;
export const writeModeChoices = ['upsert', 'append'] as const;

export type FileEncoding = Exclude<(typeof encodingChoices)[number], 'auto'>;

/** A setting chosen from a list, with a default. */
const select = (
  name: string,
  label: string,
  defaultValue: string,
  help: string,
  options: { value: string; label: string }[],
): ConnectorSetting => ({
  name,
  label,
  type: 'select',
  required: false,
  secret: false,
  default: defaultValue,
  help,
  options,
});

export const folderSettings: readonly ConnectorSetting[] = [
  {
    name: 'folder',
    label: 'Folder',
    type: 'folder',
    required: true,
    secret: false,
    example: 'C:\\Exports\\Accounts',
    help: 'The folder the spreadsheet files are in, as a full path.',
  },
  {
    name: 'pattern',
    label: 'Which files',
    type: 'text',
    required: false,
    secret: false,
    default: '*.csv',
    example: 'orders-*.csv; prices.xlsx#Sheet1',
    help: 'File names to read, * standing for any text. Separate several with ; and name an Excel sheet after # (prices.xlsx#Summer). Each becomes one kind of record.',
  },
  {
    name: 'key',
    label: 'Key column',
    type: 'text',
    required: false,
    secret: false,
    example: 'Customer number',
    help: 'The column whose value tells the rows apart, or two joined by + whose values do together (Order + Line). Left empty, a row is known by its file and line number, and rows can only be added when writing.',
  },
  select(
    'delimiter',
    'Column separator',
    'auto',
    'What separates the columns of a CSV file. "Find out by itself" looks at the first lines.',
    [
      { value: 'auto', label: 'Find out by itself' },
      { value: ',', label: 'Comma ( , )' },
      { value: ';', label: 'Semicolon ( ; )' },
      { value: 'tab', label: 'Tab' },
    ],
  ),

  select(
    'encoding',
    'Text encoding',
    'auto',
    'How letters such as é or € are stored in a CSV file. "Find out by itself" reads the file\'s mark, else tries UTF-8, else Windows (Western).',
    [
      { value: 'auto', label: 'Find out by itself' },
      { value: 'utf-8', label: 'UTF-8' },
      { value: 'windows-1252', label: 'Windows (Western, 1252)' },
      { value: 'utf-16le', label: 'UTF-16 (Windows "Unicode")' },
      { value: 'utf-16be', label: 'UTF-16 big-endian' },
    ],
  ),

  select(
    'writeMode',
    'When Patchbay writes',
    'upsert',
    'Update rows that have the same key and add the others, or only ever add rows at the end (an export log).',
    [
      { value: 'upsert', label: 'Update rows by key, add new ones' },
      { value: 'append', label: 'Only add rows at the end' },
    ],
  ),

  select(
    'watch',
    'Run when a file arrives',
    'yes',
    'Run the flows that read this folder as soon as a file arrives or changes in it (once it has finished copying), besides their schedule.',
    [
      { value: 'yes', label: 'Yes, run when a file arrives or changes' },
      { value: 'no', label: 'No, only on schedule or by hand' },
    ],
  ),
  {
    name: 'sheet',
    label: 'Sheet',
    type: 'text',
    required: false,
    secret: false,
    example: 'Customers',
    help: 'For Excel files without a # in "Which files": the sheet to read and write. Left empty, the first sheet.',
  },
];

/** One item of the pattern: the file names it matches, and for Excel files the sheet. */
export interface FilePattern {
  /** As the user wrote it, for messages. */
  readonly text: string;
  readonly glob: string;
  readonly sheet: string | undefined;
  /** The entity it becomes. */
  readonly entity: string;
  readonly excel: boolean;
}

export interface FolderConfig {
  readonly folder: string;
  readonly patterns: readonly FilePattern[];
  readonly key: string | undefined;
  /** The key's columns: one, or several joined by + whose values tell rows apart together (`Order + Line`). */
  readonly keyColumns: readonly string[] | undefined;
  readonly delimiter: ',' | ';' | '\t' | undefined;
  readonly encoding: FileEncoding | undefined;
  readonly writeMode: (typeof writeModeChoices)[number];
}

const choice = <T extends string>(
  appName: string,
  label: string,
  value: string | undefined,
  allowed: readonly T[],
): T => {
  const text = (value ?? '').trim() || allowed[0]!;
  if ((allowed as readonly string[]).includes(text)) return text as T;
  throw settingsError(appName, `${label} "${text}" is not one of ${allowed.join(', ')}.`);
};

/**
 * A refusal of the app's settings in words. App-level (it stops the run, not one record),
 * and not retried by itself: someone has to change the setting.
 */
export const settingsError = (appName: string, detail: string) =>
  new SyncError('internal', appName, {
    summary: `${appName}'s settings need a change: ${detail} Change it in Apps → ${appName}.`,
  });

/** `Order + Line` → [Order, Line]; empty → undefined (no key). */
function keyColumnsOf(appName: string, text: string | undefined): string[] | undefined {
  const key = (text ?? '').trim();
  if (!key) return undefined;
  const columns = key.split('+').map((c) => c.trim());
  if (columns.some((c) => c === ''))
    throw settingsError(
      appName,
      `the key column "${key}" should be one column, or columns joined by + (Order + Line).`,
    );
  return columns;
}

/** The app's settings as a typed config, or a plain error naming the setting to change. */
export function parseFolderConfig(appName: string, config: Readonly<Record<string, string>>): FolderConfig {
  const folder = (config.folder ?? '').trim();
  if (!folder) throw settingsError(appName, 'no folder is set: choose one.');
  if (!isFullPath(folder))
    throw settingsError(
      appName,
      `the folder "${folder}" is not a full path (it should start with / or a drive letter such as C:\\).`,
    );
  const delimiter = choice(appName, 'Column separator', config.delimiter, delimiterChoices);
  const encoding = choice(appName, 'Text encoding', config.encoding, encodingChoices);
  return {
    folder,
    patterns: parsePatterns(appName, config.pattern ?? '', (config.sheet ?? '').trim() || undefined),
    key: (config.key ?? '').trim() || undefined,
    keyColumns: keyColumnsOf(appName, config.key),
    delimiter: delimiter === 'auto' ? undefined : delimiter === 'tab' ? '\t' : delimiter,
    encoding: encoding === 'auto' ? undefined : encoding,
    writeMode: choice(appName, 'When Patchbay writes', config.writeMode, writeModeChoices),
  };
}

function parsePatterns(appName: string, text: string, sheet: string | undefined): FilePattern[] {
  const items = (text.trim() || '*.csv')
    .split(';')
    .map((item) => item.trim())
    .filter(Boolean);
  const seen = new Set<string>();
  return items.map((item) => {
    const [globPart = '', sheetPart] = item.split('#', 2);
    const glob = globPart.trim();
    if (!glob || /[\\/]/.test(glob))
      throw settingsError(
        appName,
        `the "Which files" item "${item}" must be a file name in the folder (no folders in it).`,
      );
    const excel = /\.xlsx$/i.test(glob);
    if (!excel && !/\.(csv|txt|tsv)$/i.test(glob))
      throw settingsError(appName, `the "Which files" item "${item}" must end in .csv, .txt, .tsv or .xlsx.`);
    const chosenSheet = excel ? sheetPart?.trim() || sheet : undefined;
    let entity = chosenSheet ?? entityNameOf(glob);
    for (let n = 2; seen.has(entity.toLowerCase()); n++) entity = `${chosenSheet ?? entityNameOf(glob)} ${n}`;
    seen.add(entity.toLowerCase());
    return { text: item, glob, sheet: chosenSheet, entity, excel };
  });
}

/** `orders-*.csv` → `orders`; `*.csv` → `rows`. */
function entityNameOf(glob: string): string {
  const stem = glob
    .replace(/\.[^.]*$/, '')
    .replace(/[*?]/g, '')
    .replace(/^[-_ .]+|[-_ .]+$/g, '');
  return stem || 'rows';
}

/** Does a file name match a pattern's glob (`*` any text, `?` one character, case ignored as on Windows)? */
export function matchesGlob(glob: string, fileName: string): boolean {
  const source = glob
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, 'i').test(fileName);
}

export const hasWildcard = (glob: string) => /[*?]/.test(glob);
