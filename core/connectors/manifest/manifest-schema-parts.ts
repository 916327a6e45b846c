import { z } from 'zod';
import {
  ownRecord,
  refuseUnsafeKey,
  refuseUnsafePath,
  refuseUnsafeTemplate,
  refuseUnsafeTemplateValue,
} from '../../contract/safe-path-schema.ts';

// The small schemas every part of the manifest format is built from (manifest-schema.ts).

/** A string that may hold `{{path}}` placeholders. */
export const templated = z.string().superRefine(refuseUnsafeTemplate);
/** A name Patchbay writes as an object key: a query or body parameter, a header. */
export const param = z.string().superRefine(refuseUnsafeKey);
/** Query parameters or headers, by name. */
export const templatedMap = ownRecord(z.string(), templated);
/** A free-form body or batch item, templated at any depth. */
export const templatedValue = z.unknown().superRefine(refuseUnsafeTemplateValue);

export const path = templated.regex(/^\//, { error: 'A request path starts with "/".' });
export const dotPath = z
  .string()
  .regex(/^$|^[A-Za-z0-9_$-]+(\.[A-Za-z0-9_$-]+)*$/, {
    error: 'Use a dotted path such as "paging.next.after" (or "" for the whole body).',
  })
  .superRefine(refuseUnsafePath);

/** A setting's name, as `{{config.name}}` reads it. */
export const settingName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,39}$/, {
  error: 'A setting name starts with a letter and holds letters, digits and "_" (at most 40).',
});
