import { expect, it } from 'vitest';
import { settingProblem } from './connection-settings.ts';

// Airtable and Google Sheets settings: their ids pass, their tokens never sit in a setting.

it('takes an Airtable base id and a Google spreadsheet id as settings', () => {
  expect(settingProblem('baseId', 'appXk3Lm9QwErTy12')).toBeUndefined();
  expect(settingProblem('spreadsheetId', '1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms')).toBeUndefined();
  expect(settingProblem('sheet', "Bob's prices")).toBeUndefined();
});

it('refuses an Airtable personal access token or a Google access token in any setting', () => {
  const airtable = `patAbCdEfGh123456.${'0123456789abcdef'.repeat(4)}`;
  expect(settingProblem('baseId', airtable)).toContain('cannot hold credentials');
  expect(settingProblem('table', airtable)).toContain('cannot hold credentials');
  expect(settingProblem('spreadsheetId', 'ya29.a0AfH6SMBx-short')).toContain('cannot hold credentials');
});
