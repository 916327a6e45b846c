import { readFileSync } from 'node:fs';
import type { ConnectorSetting } from '../../contract/connectors.ts';

// The connection settings every database app shares, in the words the app form shows,
// and the per-table choices an app may make (which column a table is written by, which
// column marks a changed row, saved queries), parsed from their plain-text form.

export const tlsModes = ['off', 'require', 'verify'] as const;
export type TlsMode = (typeof tlsModes)[number];

/** Host, port, database, user, password and TLS, for a database server on the network. */
export function serverSettings(defaults: { port: string; schema?: string }): ConnectorSetting[] {
  return [
    {
      name: 'host',
      label: 'Server',
      type: 'text',
      required: true,
      secret: false,
      example: 'db.office.local',
      help: 'The name or address of the computer the database runs on.',
    },
    {
      name: 'port',
      label: 'Port',
      type: 'number',
      required: false,
      secret: false,
      default: defaults.port,
      help: `Leave empty for the usual port, ${defaults.port}.`,
    },
    {
      name: 'database',
      label: 'Database',
      type: 'text',
      required: true,
      secret: false,
      example: 'accounts',
      help: 'The name of the database on that server.',
    },
    {
      name: 'user',
      label: 'User name',
      type: 'text',
      required: true,
      secret: false,
      example: 'patchbay',
      help: 'A database user that may read (and, to write, change) the tables you sync.',
    },
    {
      name: 'password',
      label: 'Password',
      type: 'text',
      required: false,
      secret: true,
      help: "That user's password.",
    },
    ...(defaults.schema
      ? [
          {
            name: 'schema',
            label: 'Schema',
            type: 'text' as const,
            required: false,
            secret: false,
            default: defaults.schema,
            help: `Which schema's tables to offer. Leave empty for "${defaults.schema}".`,
          },
        ]
      : []),
    {
      name: 'tls',
      label: 'Encryption (TLS)',
      type: 'select',
      required: false,
      secret: false,
      default: 'off',
      options: [
        { value: 'off', label: 'Off (the server is on this office network)' },
        { value: 'require', label: 'Encrypt, without checking the certificate' },
        { value: 'verify', label: 'Encrypt and check the certificate' },
      ],
      help: 'Use "Encrypt and check" for a server outside the office; give its CA file if it has its own certificate authority.',
    },
    {
      name: 'caFile',
      label: 'CA certificate file',
      type: 'file',
      required: false,
      secret: false,
      example: 'C:\\certs\\office-ca.pem',
      help: 'Only with "Encrypt and check": the PEM file of the authority that signed the server\'s certificate. Leave empty to trust the usual public authorities.',
    },
    ...tableSettings,
  ];
}

/** The per-table choices, shared by every database connector. */
export const tableSettings: readonly ConnectorSetting[] = [
  {
    name: 'matchColumns',
    label: 'Match columns',
    type: 'text',
    required: false,
    secret: false,
    example: 'customers.email, orders.order_number',
    help: 'Which column each table is written by, as table.column, or table.column + column for two columns unique together (order_lines.order_no + line_no). They must be unique. Tables not listed are written by the unique column that holds the flow’s match key.',
  },
  {
    name: 'changeColumns',
    label: 'Change columns',
    type: 'text',
    required: false,
    secret: false,
    example: 'customers.updated_at, audit_log.id',
    help: 'Which column marks a new or changed row, as table.column: a last-changed time or an id that only grows. Tables not listed use a column called updated_at or modified_at when they have one; others are read whole each run.',
  },
  {
    name: 'queries',
    label: 'Saved queries',
    type: 'text',
    required: false,
    secret: false,
    example: "open_orders = SELECT id, customer, total FROM orders WHERE status = 'open'",
    help: 'Extra things to read, one per line as name = SELECT …. The first column must be unique for each row.',
  },
];

/**
 * `customers.email, order_lines.order_no + line_no` → customers → [email], order_lines →
 * [order_no, line_no]: match columns, several joined by + where they are unique together.
 */
export function parseTableKeys(text: string | undefined): Map<string, string[]> {
  const keys = new Map<string, string[]>();
  for (const [table, columns] of parseTableColumns(text)) {
    const names = columns.split('+').map((c) => c.trim());
    if (names.some((n) => n === ''))
      throw new Error(
        `"${table}.${columns}" should be written as table.column, or table.column + column for columns unique together.`,
      );
    keys.set(table, names);
  }
  return keys;
}

/** `customers.email, Orders.order_no` → customers → email (table names as typed, lower-cased for lookup). */
export function parseTableColumns(text: string | undefined): Map<string, string> {
  const pairs = new Map<string, string>();
  for (const part of (text ?? '').split(/[,\n]/)) {
    const trimmed = part.trim();
    if (!trimmed) continue;
    const dot = trimmed.lastIndexOf('.');
    if (dot <= 0 || dot === trimmed.length - 1)
      throw new Error(`"${trimmed}" should be written as table.column (for example customers.email).`);
    pairs.set(trimmed.slice(0, dot).trim().toLowerCase(), trimmed.slice(dot + 1).trim());
  }
  return pairs;
}

export interface SavedQuery {
  readonly name: string;
  readonly sql: string;
}

/** `open_orders = SELECT …` lines → saved queries, each a single SELECT (or WITH … SELECT). */
export function parseSavedQueries(text: string | undefined): SavedQuery[] {
  const queries: SavedQuery[] = [];
  for (const line of (text ?? '').split('\n')) {
    if (!line.trim()) continue;
    const match = /^\s*([A-Za-z_][\w-]*)\s*=\s*([\s\S]+)$/.exec(line);
    if (!match)
      throw new Error(`The saved query "${line.trim().slice(0, 60)}" should be written as name = SELECT ….`);
    const sql = match[2]!.trim().replace(/;\s*$/, '');
    if (!/^(select|with)\b/i.test(sql))
      throw new Error(
        `The saved query "${match[1]}" must be a SELECT: Patchbay only reads with saved queries.`,
      );
    queries.push({ name: match[1]!, sql });
  }
  return queries;
}

/** A whole port number from a setting, or the default. */
export function portOf(config: Readonly<Record<string, string>>, fallback: number): number {
  const text = (config.port ?? '').trim();
  if (text === '') return fallback;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new Error(
      `The port "${text}" is not a port number: use a whole number from 1 to 65535, or leave it empty for ${fallback}.`,
    );
  return port;
}

export function tlsModeOf(config: Readonly<Record<string, string>>): TlsMode {
  const mode = (config.tls ?? '').trim() || 'off';
  if (!(tlsModes as readonly string[]).includes(mode))
    throw new Error(
      `The encryption setting "${mode}" is not one Patchbay knows: choose off, require or verify.`,
    );
  return mode as TlsMode;
}

/** The PEM text of the CA file a "verify" app names. */
export function readCaFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new Error(`Patchbay cannot read the CA certificate file "${path}": check the path.`);
  }
}
