import { z } from 'zod';
import { inFigures } from './in-figures.ts';

// Rules for text that comes from a stranger (a workspace file, an API call) and ends
// up on a screen, in a terminal or in a log. Pure: the contract is shared with the UI.

/** C0 and C1 control characters, DEL and ESC among them: they rewrite terminals (ANSI) and logs. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const controlCharacter = /[\u0000-\u001f\u007f-\u009f]/;
/** The same, but line breaks and tabs are allowed (notes). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const controlCharacterInProse = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/**
 * Characters that change how text looks without being seen: bidirectional overrides
 * (U+202E turns "Stripe" into a look-alike) and zero-width ones.
 */
const invisibleCharacter = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/;

export { inFigures } from './in-figures.ts';

/** A value named in an error message, clipped so a 100k-character value is not sent back whole. */
export function clipped(value: unknown, max = 60): string {
  const text = String(value);
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** The same, in quotes (escapes shown, not obeyed). */
export const quoted = (value: unknown, max = 60): string => JSON.stringify(clipped(value, max));

/** A one-line name or label: trimmed, at most `max` characters, no control characters. */
export const nameText = (label: string, max: number) =>
  z
    .string({ error: `${label} must be text.` })
    .trim()
    .max(max, { error: `${label} can be at most ${inFigures(max)} characters.` })
    .refine((text) => !controlCharacter.test(text), {
      error: `${label} cannot hold control characters (such as terminal escape codes or line breaks).`,
    })
    .refine((text) => !invisibleCharacter.test(text), {
      error: `${label} cannot hold invisible characters (such as zero-width spaces or direction marks).`,
    });

/** Free text such as notes: line breaks allowed, other control characters not. */
export const proseText = (label: string, max: number) =>
  z
    .string({ error: `${label} must be text.` })
    .trim()
    .max(max, { error: `${label} can be at most ${inFigures(max)} characters.` })
    .refine((text) => !controlCharacterInProse.test(text), {
      error: `${label} cannot hold control characters (such as terminal escape codes).`,
    });
