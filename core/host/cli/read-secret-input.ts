import { CommandFailure } from './cli-session.ts';

/**
 * A secret from stdin: everything piped in, or one line typed at a terminal with echo
 * off (so it never lands in the scrollback). Trailing line breaks are dropped, since
 * `echo KEY |` and files saved by editors add one that is not part of the key.
 */
export async function readSecretInput(stdin: NodeJS.ReadStream): Promise<string> {
  const raw = stdin.isTTY ? await readHiddenLine(stdin) : await readAll(stdin);
  return raw.replace(/[\r\n]+$/, '');
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

function readHiddenLine(stdin: NodeJS.ReadStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let line = '';
    const finish = (error?: Error) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(line);
    };
    const onData = (text: string) => {
      for (const character of text) {
        if (character === '\r' || character === '\n' || character === '\u0004') return finish();
        if (character === '\u0003') return finish(new CommandFailure('Cancelled; no credential was saved.'));
        if (character === '\u007f' || character === '\b') line = line.slice(0, -1);
        else line += character;
      }
    };
    stdin.setRawMode(true);
    stdin.setEncoding('utf8');
    stdin.on('data', onData);
    stdin.resume();
  });
}
