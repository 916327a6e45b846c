import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

const root = new URL('../..', import.meta.url).pathname;

export interface PatchbayProcess {
  readonly child: ChildProcessWithoutNullStreams;
  readonly pid: number;
  stdout(): string;
  stderr(): string;
  /** Whether it has exited yet (tests wait for states, never for a fixed time). */
  hasExited(): boolean;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** The real `patchbay` command as a child process, its output collected. */
export function startPatchbay(args: readonly string[], env: NodeJS.ProcessEnv = {}): PatchbayProcess {
  const child = spawn(process.execPath, ['bin/patchbay.js', ...args], {
    cwd: root,
    env: { ...process.env, ...env },
  });
  let stdout = '';
  let stderr = '';
  let ended = false;
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  child.stdin.end();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => {
      ended = true;
      resolve({ code, signal });
    }),
  );
  return {
    child,
    pid: child.pid!,
    stdout: () => stdout,
    stderr: () => stderr,
    hasExited: () => ended,
    exited,
  };
}
