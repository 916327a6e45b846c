// The only file that touches ipcMain (docs/conventions.md#boundaries). One handler per method of
// the contract, `patchbay:<name>`; the answer is always an ApiResult object, because
// Electron keeps only the message of an error thrown across IPC.
import { BrowserWindow, dialog, ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import type { ApiResult } from '../../core/contract/errors.ts';
import { choosePathChannel, methodNames } from '../../core/contract/method-names.ts';
import { choosePathResult, openDialogOptions } from './choose-path.ts';
import type { Logger } from '../../core/ports.ts';
import type { CoreHost } from './core-connection.ts';
import { isTrustedSender, type AppPage, type SenderInfo } from './window-policy.ts';

export const invokeChannelPrefix = 'patchbay:';
export const eventChannel = 'patchbay:event';

export interface IpcBridge {
  /** Lets this window's main frame call the API and receive its events. */
  attachWindow(webContents: WebContents): void;
  /** Removes the handlers and stops forwarding events. */
  dispose(): void;
}

const refused: ApiResult<never> = {
  ok: false,
  error: { kind: 'unavailable', message: "The Patchbay API answers only Patchbay's own window." },
};

export function registerIpcBridge(options: { host: CoreHost; page: AppPage; logger: Logger }): IpcBridge {
  const { host, page, logger } = options;
  const windows = new Map<number, WebContents>();
  const webContentsIds = new Set<number>();

  for (const name of methodNames) {
    ipcMain.handle(
      `${invokeChannelPrefix}${name}`,
      async (event, input: unknown): Promise<ApiResult<unknown>> => {
        const sender = senderInfo(event);
        if (!isTrustedSender(sender, { webContentsIds, page })) {
          logger.error(
            `Refused ${name} from an untrusted sender (webContents ${sender.webContentsId}, ${sender.frameUrl ?? 'no frame'})`,
          );
          return refused;
        }
        // The core validates the input with the method's zod schema and never throws.
        return host.invoke(name, input);
      },
    );
  }

  // The system's "Open" dialog for a file or folder setting: only for our own window,
  // only with a request the contract's schema accepts, attached to the asking window.
  ipcMain.handle(choosePathChannel, async (event, input: unknown): Promise<ApiResult<unknown>> => {
    const sender = senderInfo(event);
    if (!isTrustedSender(sender, { webContentsIds, page })) {
      logger.error(`Refused the Open dialog to an untrusted sender (webContents ${sender.webContentsId})`);
      return refused;
    }
    const request = openDialogOptions(input);
    if (!request.ok) return request.error;
    const window = BrowserWindow.fromWebContents(event.sender);
    const answer = window
      ? await dialog.showOpenDialog(window, request.options)
      : await dialog.showOpenDialog(request.options);
    return choosePathResult(answer);
  });

  const stopEvents = host.onEvent((event) => {
    for (const webContents of windows.values()) {
      if (!webContents.isDestroyed())
        webContents.send(eventChannel, { name: event.name, payload: event.payload });
    }
  });

  return {
    attachWindow(webContents) {
      const id = webContents.id;
      windows.set(id, webContents);
      webContentsIds.add(id);
      webContents.once('destroyed', () => {
        windows.delete(id);
        webContentsIds.delete(id);
      });
    },
    dispose() {
      for (const name of methodNames) ipcMain.removeHandler(`${invokeChannelPrefix}${name}`);
      ipcMain.removeHandler(choosePathChannel);
      stopEvents();
      windows.clear();
      webContentsIds.clear();
    },
  };
}

function senderInfo(event: IpcMainInvokeEvent): SenderInfo {
  const frame = event.senderFrame;
  let frameUrl: string | undefined;
  let isMainFrame = false;
  try {
    // A frame that navigated or was destroyed since sending throws or is null.
    if (frame) {
      frameUrl = frame.url;
      isMainFrame = frame.parent === null && frame.frameTreeNodeId === event.sender.mainFrame.frameTreeNodeId;
    }
  } catch {
    frameUrl = undefined;
  }
  return { webContentsId: event.sender.id, frameUrl, isMainFrame };
}
