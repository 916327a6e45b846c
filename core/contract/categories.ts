/**
 * What kind of app something is: an app in the inventory, and the connector that reaches
 * it (Add app groups connectors by it). A connector that names none, or one this list
 * does not know, is "other".
 */
export const appCategories = [
  'crm',
  'billing',
  'accounting',
  'shop',
  'mailing',
  'helpdesk',
  'spreadsheet',
  'files',
  'database',
  'other',
] as const;
export type AppCategory = (typeof appCategories)[number];

/** A category as written in a manifest, or other when it is missing or unknown. */
export const categoryOf = (text: string | undefined): AppCategory =>
  (appCategories as readonly string[]).includes(text ?? '') ? (text as AppCategory) : 'other';
