import { SyncError } from '../../reliability/error-classes.ts';

// A database driver's failure as one of the engine's error classes, in words an office
// manager can act on: a refused password or a missing database stop the run (`auth`), an
// unreachable server is retried (`network`), a row the database refuses goes to the
// failure queue (`validation`), a clash on another unique column too (`conflict`).
// Messages name the server, database and table, never the password.

export interface ServerPlace {
  readonly appName: string;
  /** `db.office.local:5432`, or a file path for SQLite. */
  readonly where: string;
  readonly database: string;
  readonly user: string;
}

/** Failures to reach the server at all, by the Node socket and TLS codes. */
export function connectionFailure(error: unknown, place: ServerPlace): SyncError | undefined {
  const code = codeOf(error);
  const message = error instanceof Error ? error.message : String(error);
  const { appName, where } = place;
  const network = (summary: string, neverSent = true) =>
    new SyncError('network', appName, { summary, neverSent });
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return network(
      `Patchbay could not find the database server ${where}: check the server name in Apps → ${appName}.`,
    );
  if (code === 'ECONNREFUSED')
    return network(
      `Nothing answers at ${where}: check that the database server is running and the port is right in Apps → ${appName}.`,
    );
  if (
    code === 'ETIMEDOUT' ||
    code === 'EHOSTUNREACH' ||
    code === 'ENETUNREACH' ||
    /timeout|timed out/i.test(message)
  )
    return network(
      `The database server ${where} did not answer in time: check the network and the server name.`,
    );
  if (
    code === 'ECONNRESET' ||
    code === 'EPIPE' ||
    code === 'PROTOCOL_CONNECTION_LOST' ||
    /Connection terminated/i.test(message)
  )
    return network(`The connection to the database server ${where} broke off; Patchbay tries again.`, false);
  const tlsCode =
    typeof code === 'string' && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|HANDSHAKE_SSL_ERROR/.test(code);
  if (tlsCode || /certificate/i.test(message))
    return new SyncError('network', appName, {
      summary: `Patchbay could not check the certificate of ${where}: give the server's CA file in Apps → ${appName}, or choose "Encrypt, without checking the certificate".`,
      detail: message.slice(0, 200),
      neverSent: true,
    });
  if (
    /does not support SSL|server does not allow insecure|SSL.*(off|not enabled)|HANDSHAKE_NO_SSL_SUPPORT/i.test(
      `${String(code)} ${message}`,
    )
  )
    return network(
      `The database server ${where} does not offer encryption: set Encryption to Off in Apps → ${appName}, or turn TLS on at the server.`,
    );
  return undefined;
}

/** What a database's error code means, as each driver reads its own codes. */
export type DatabaseProblem = 'sign-in' | 'database' | 'rights' | 'table' | 'clash' | 'row' | 'busy';

/**
 * A driver error as a SyncError: what the driver's code says (`problemOf`), else a
 * connection failure, else Patchbay's own fault in its words.
 */
export function classifyDatabaseError(
  error: unknown,
  place: ServerPlace,
  table: string | undefined,
  problemOf: (code: string) => DatabaseProblem | undefined,
): SyncError {
  if (error instanceof SyncError) return error;
  const code = codeOf(error);
  const detail = messageOf(error);
  const problem = typeof code === 'string' ? problemOf(code) : undefined;
  const { appName, where, user, database } = place;
  const named = `"${table ?? '?'}"`;
  switch (problem) {
    case 'sign-in':
      return new SyncError('auth', appName, {
        summary: `The database server ${where} refused the user "${user}" with the saved password: check the user name, and save the password again in Apps → ${appName} → Credentials.`,
      });
    case 'database':
      return new SyncError('auth', appName, {
        summary: `The database server ${where} has no database called "${database}": check the database name in Apps → ${appName}.`,
      });
    case 'rights':
      return new SyncError('auth', appName, {
        summary: `The database user "${user}" may not do this at ${where}: give it the rights it needs (read to sync from, write to sync into).`,
        detail,
      });
    case 'table':
      return new SyncError('not_found', appName, {
        summary: `${appName} has no table called ${named} in the database "${database}" (it may have been renamed or dropped).`,
      });
    case 'clash':
      return new SyncError('conflict', appName, {
        summary: `${appName} already has a row in ${named} with one of these values in a unique column: nothing of that batch was written.`,
        detail,
      });
    case 'row':
      return new SyncError('validation', appName, {
        summary: `${appName} refused a row for the table ${named}: nothing of that batch was written.`,
        detail,
      });
    case 'busy':
      return new SyncError('server', appName, {
        summary: `The database ${where} was busy and could not finish; Patchbay tries again.`,
        detail,
      });
    case undefined:
      return (
        connectionFailure(error, place) ??
        new SyncError('internal', appName, { summary: `Something went wrong inside Patchbay: ${detail}` })
      );
  }
}

export function codeOf(error: unknown): unknown {
  return (error as { code?: unknown } | null)?.code;
}

export function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 300);
}
