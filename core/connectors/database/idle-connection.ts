// One connection to a database server per connector, opened on first use and closed
// after a few idle seconds: a connector lives for one run or one editor request and has
// no close of its own, so nothing may hold the server's connection (or keep the process
// alive) after it. Work runs one piece at a time, so a transaction never interleaves.

export interface IdleConnection<C> {
  /** Runs `work` on the connection (opening it if needed) after any work before it. */
  use<T>(work: (connection: C) => Promise<T>): Promise<T>;
  /** Closes it now (tests; shutdown). */
  close(): Promise<void>;
  /** Drops a connection the server broke off (its driver said so): the next use opens a new one. */
  discard(): void;
}

export function createIdleConnection<C>(options: {
  open: () => Promise<C>;
  close: (connection: C) => Promise<void>;
  idleMs?: number;
}): IdleConnection<C> {
  let connection: Promise<C> | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  let pending = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  async function closeNow(): Promise<void> {
    const current = connection;
    connection = undefined;
    if (current) await current.then(options.close, () => undefined).catch(() => undefined);
  }

  function closeWhenIdle(): void {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      if (pending === 0) void closeNow();
    }, options.idleMs ?? 2000);
    timer.unref();
  }

  return {
    use<T>(work: (connection: C) => Promise<T>): Promise<T> {
      pending++;
      const run = queue.then(async () => {
        connection ??= options.open();
        try {
          return await work(await connection);
        } catch (error) {
          // A connection that failed to open or broke is not used again.
          if (
            !(await connection.then(
              () => true,
              () => false,
            )) ||
            isBroken(error)
          )
            await closeNow();
          throw error;
        } finally {
          pending--;
          closeWhenIdle();
        }
      });
      queue = run.catch(() => undefined);
      return run;
    },
    async close() {
      if (timer) clearTimeout(timer);
      await queue;
      await closeNow();
    },
    discard() {
      void closeNow();
    },
  };
}

/** A socket-level failure: the connection cannot be trusted for the next statement. */
function isBroken(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    typeof code === 'string' &&
    /^(ECONNRESET|EPIPE|ETIMEDOUT|ECONNREFUSED|PROTOCOL_CONNECTION_LOST|57P01|57P02|57P03)$/.test(code)
  );
}
