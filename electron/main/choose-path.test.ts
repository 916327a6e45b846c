import { describe, expect, it } from 'vitest';
import { choosePathResult, openDialogOptions } from './choose-path.ts';

describe('the desktop "Open" dialog call', () => {
  it('opens a folder dialog for a folder, and a file dialog with the offered kinds for a file', () => {
    expect(openDialogOptions({ kind: 'folder', title: 'Choose the Orders folder' })).toEqual({
      ok: true,
      options: {
        title: 'Choose the Orders folder',
        properties: ['openDirectory', 'createDirectory', 'dontAddToRecent'],
      },
    });
    expect(
      openDialogOptions({ kind: 'file', filters: [{ name: 'Spreadsheets', extensions: ['csv', 'xlsx'] }] }),
    ).toEqual({
      ok: true,
      options: {
        title: 'Choose',
        properties: ['openFile', 'dontAddToRecent'],
        filters: [
          { name: 'Spreadsheets', extensions: ['csv', 'xlsx'] },
          { name: 'All files', extensions: ['*'] },
        ],
      },
    });
  });

  it.each([
    ['no kind', {}],
    ['an unknown kind', { kind: 'device' }],
    ['an extension that is a pattern', { kind: 'file', filters: [{ name: 'x', extensions: ['../*'] }] }],
    ['a title with control characters', { kind: 'file', title: 'a\u0007b' }],
    ['not an object', 'folder'],
  ])('refuses %s in plain words, opening nothing', (_, input) => {
    const answer = openDialogOptions(input);
    expect(answer.ok).toBe(false);
    if (!answer.ok) expect(answer.error.ok).toBe(false);
  });

  it('answers the one path chosen, or null when cancelled', () => {
    expect(choosePathResult({ canceled: false, filePaths: ['/home/office/Orders'] })).toEqual({
      ok: true,
      value: { path: '/home/office/Orders' },
    });
    expect(choosePathResult({ canceled: true, filePaths: [] })).toEqual({ ok: true, value: { path: null } });
  });
});
