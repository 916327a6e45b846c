import type { AppCategory, Criticality } from '../../../../core/contract/apps.ts';

export const categoryLabels: Record<AppCategory, string> = {
  crm: 'CRM',
  billing: 'Billing',
  accounting: 'Accounting',
  shop: 'Shop',
  mailing: 'Mailing list',
  helpdesk: 'Helpdesk',
  spreadsheet: 'Spreadsheet',
  files: 'Files',
  database: 'Database',
  other: 'Other',
};

export const criticalityLabels: Record<Criticality, string> = { low: 'Low', medium: 'Medium', high: 'High' };
