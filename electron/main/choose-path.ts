import { choosePathInputSchema, type ChoosePathResult } from '../../core/contract/desktop.ts';
import type { ApiResult } from '../../core/contract/errors.ts';

// The "Open" dialog call of the desktop app, without Electron: the page's request
// checked and turned into `dialog.showOpenDialog` options, and the dialog's answer
// into the page's result. ipc-bridge.ts opens the dialog itself.

/** The options of Electron's `showOpenDialog` (the subset used here). */
export interface OpenDialogOptions {
  title: string;
  properties: ('openFile' | 'openDirectory' | 'createDirectory' | 'dontAddToRecent')[];
  filters?: { name: string; extensions: string[] }[];
}

/** The page's request as dialog options, or the plain-words reason it was refused. */
export function openDialogOptions(
  input: unknown,
): { ok: true; options: OpenDialogOptions } | { ok: false; error: ApiResult<never> } {
  const parsed = choosePathInputSchema.safeParse(input);
  if (!parsed.success)
    return {
      ok: false,
      error: {
        ok: false,
        error: { kind: 'invalid_input', message: parsed.error.issues[0]?.message ?? 'Not a valid request.' },
      },
    };
  const { kind, title, filters } = parsed.data;
  return {
    ok: true,
    options: {
      title,
      properties:
        kind === 'folder'
          ? ['openDirectory', 'createDirectory', 'dontAddToRecent']
          : ['openFile', 'dontAddToRecent'],
      // "All files" last, so a file with another ending can still be picked.
      ...(kind === 'file' && filters.length > 0
        ? { filters: [...filters, { name: 'All files', extensions: ['*'] }] }
        : {}),
    },
  };
}

/** The dialog's answer as the page receives it: the one path chosen, or null. */
export function choosePathResult(answer: {
  canceled: boolean;
  filePaths: string[];
}): ApiResult<ChoosePathResult> {
  const [path] = answer.filePaths;
  return { ok: true, value: { path: answer.canceled || path === undefined ? null : path } };
}
