import { extname } from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { CommandFailure } from './cli-session.ts';

export const workspaceFileFormats = ['json', 'yaml'] as const;
export type WorkspaceFileFormat = (typeof workspaceFileFormats)[number];

/** YAML for `.yaml`/`.yml` names, JSON otherwise. */
export function formatOfFileName(file: string): WorkspaceFileFormat {
  const extension = extname(file).toLowerCase();
  return extension === '.yaml' || extension === '.yml' ? 'yaml' : 'json';
}

/**
 * The document in a JSON or YAML file (a workspace file, a connector manifest), or a
 * failure naming the file and what is wrong with its text; `unchanged` ends it
 * ("Nothing was imported.").
 */
export function parseDataText(
  text: string,
  format: WorkspaceFileFormat,
  fileName: string,
  unchanged = 'Nothing was imported.',
): unknown {
  // Windows Notepad saves UTF-8 with a byte-order mark, which JSON.parse refuses.
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  try {
    return format === 'yaml' ? (parseYaml(body) as unknown) : (JSON.parse(body) as unknown);
  } catch (error) {
    const first = (error as Error).message.split('\n')[0];
    throw new CommandFailure(
      `${fileName} is not valid ${format === 'yaml' ? 'YAML' : 'JSON'} (${first}). ${unchanged}`,
    );
  }
}

/** The document as file text, ending in a newline. */
export function formatWorkspaceText(document: unknown, format: WorkspaceFileFormat): string {
  return format === 'yaml' ? stringifyYaml(document) : `${JSON.stringify(document, null, 2)}\n`;
}

/** The document in a workspace file (see `parseDataText`). */
export const parseWorkspaceText = (text: string, format: WorkspaceFileFormat, fileName: string): unknown =>
  parseDataText(text, format, fileName);
