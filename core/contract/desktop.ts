import { z } from 'zod';
import type { ApiResult } from './errors.ts';
import { nameText } from './text-rules.ts';

// Calls only the desktop app answers, in its main process rather than the core: the
// system's own "Open" dialog, for a setting that names a file or a folder (a browser
// tab cannot give a path). The page asks through `window.patchbay.choosePath`; the main
// process checks the sender and this schema before opening the dialog.

export const choosePathInputSchema = z.object({
  kind: z.enum(['file', 'folder'], { error: 'Choose "file" or "folder".' }),
  /** The dialog's title: what is being chosen ("Choose the Orders folder"). */
  title: nameText('Title', 120).default('Choose'),
  /** The kinds of file offered, such as `{ name: 'Spreadsheets', extensions: ['csv', 'xlsx'] }`. */
  filters: z
    .array(
      z.object({
        name: nameText('Filter name', 60),
        extensions: z
          .array(
            z.string().regex(/^[A-Za-z0-9]{1,10}$/, { error: 'A file extension is letters and digits.' }),
          )
          .min(1)
          .max(20),
      }),
    )
    .max(10)
    .default([]),
});
export type ChoosePathInput = z.input<typeof choosePathInputSchema>;

/** The chosen path, or null when the dialog was cancelled. */
export const choosePathResultSchema = z.object({ path: z.string().nullable() });
export type ChoosePathResult = z.infer<typeof choosePathResultSchema>;

/** What the desktop app's preload adds to the bridge (absent in browser mode). */
export interface DesktopBridge {
  choosePath(input: ChoosePathInput): Promise<ApiResult<ChoosePathResult>>;
}
