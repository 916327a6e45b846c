import { closeSync, openSync, readSync } from 'node:fs';
import { CommandFailure } from './cli-session.ts';

/**
 * A file's text, reading at most `limit` bytes (so `/dev/zero` or a 4 GB file is
 * refused after the limit, not after filling memory); `unchanged` ends a refusal.
 */
export function readLimitedText(
  file: string,
  limit: { bytes: number; what: string },
  unchanged = 'Nothing was imported.',
): string {
  const { bytes: size, what } = limit;
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CommandFailure(
      code === 'ENOENT'
        ? `There is no file at ${file}. Check the path and try again.`
        : `Could not read ${file}: ${(error as Error).message}`,
    );
  }
  try {
    const buffer = Buffer.alloc(size + 1);
    let length = 0;
    while (length <= size) {
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
    }
    if (length > size)
      throw new CommandFailure(
        `${file} is larger than ${what} can be (${size / 1024 / 1024} MB). ${unchanged}`,
      );
    return buffer.toString('utf8', 0, length);
  } catch (error) {
    if (error instanceof CommandFailure) throw error;
    throw new CommandFailure(`Could not read ${file}: ${(error as Error).message}`);
  } finally {
    closeSync(fd);
  }
}
