import { spawn } from 'node:child_process';

const root = new URL('../..', import.meta.url).pathname;

export interface EngineExit {
  signal: NodeJS.Signals | null;
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs one flow of the workspace in `dir` in its own engine process
 * (run-flow-process.ts); kills it with SIGKILL `delayMs` after `pages` pages were
 * committed, when asked to. For crash tests.
 */
export function engineProcess(
  workspace: { dir: string; flowId: string; secretService: string },
  killAfter?: { pages: number; delayMs: number },
): Promise<EngineExit> {
  const child = spawn(
    process.execPath,
    ['core/testing/run-flow-process.ts', workspace.dir, workspace.flowId, workspace.secretService],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString();
    const pages = (stdout.match(/"runs\.progress"/g) ?? []).length;
    if (killAfter && pages >= killAfter.pages && child.exitCode === null)
      setTimeout(() => child.kill('SIGKILL'), killAfter.delayMs);
  });
  return new Promise((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
}

/** The run's result, from the last line a finished engine process printed. */
export function engineResult(exit: EngineExit): {
  ok: boolean;
  value: { status: string; counts: Record<string, number> };
} {
  const last = JSON.parse(exit.stdout.trim().split('\n').at(-1)!) as {
    payload: { ok: boolean; value: { status: string; counts: Record<string, number> } };
  };
  return last.payload;
}
