// The desktop app's own choices, kept in its profile folder (not in a workspace: they
// belong to this PC's user): start at login, and the notices shown once.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

const preferencesSchema = z.object({
  /** Null until the person has been asked; on by default once asked. */
  startAtLogin: z.boolean().nullable().default(null),
  /** "Patchbay keeps running in the tray" was shown once, at the first close. */
  closeNoticeShown: z.boolean().default(false),
});
export type DesktopPreferences = z.infer<typeof preferencesSchema>;

export const defaultPreferences: DesktopPreferences = preferencesSchema.parse({});

/** Reads the file; a missing or damaged file gives the defaults (nothing in it is precious). */
export function readPreferences(file: string): DesktopPreferences {
  try {
    const parsed = preferencesSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : defaultPreferences;
  } catch {
    return defaultPreferences;
  }
}

export function writePreferences(file: string, preferences: DesktopPreferences): void {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(preferencesSchema.parse(preferences), null, 2)}\n`);
  renameSync(temporary, file);
}

/**
 * Start at login is on by default after install, and asked once: the first start asks
 * (answer saved), later starts apply the saved answer.
 */
export function startAtLoginDecision(preferences: DesktopPreferences): 'ask' | boolean {
  return preferences.startAtLogin ?? 'ask';
}
