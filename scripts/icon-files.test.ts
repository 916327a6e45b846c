import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { icnsFile, icnsTypes, icoFile, icoSizes, pngSize } from './icon-files.ts';

const icons = new URL('../resources/icons/', import.meta.url).pathname;
const png = (size: number) => readFileSync(join(icons, `${size}x${size}.png`));

/** The images an .ico lists: size from its directory, and the PNG it points to. */
function readIco(file: Buffer) {
  expect(file.readUInt16LE(2)).toBe(1);
  return Array.from({ length: file.readUInt16LE(4) }, (_, i) => {
    const at = 6 + 16 * i;
    const length = file.readUInt32LE(at + 8);
    const offset = file.readUInt32LE(at + 12);
    return { size: file.readUInt8(at) || 256, png: file.subarray(offset, offset + length) };
  });
}

/** The elements of an .icns: type and PNG. */
function readIcns(file: Buffer) {
  expect(file.subarray(0, 4).toString('latin1')).toBe('icns');
  expect(file.readUInt32BE(4)).toBe(file.length);
  const elements: { type: string; png: Buffer }[] = [];
  for (let at = 8; at < file.length;) {
    const length = file.readUInt32BE(at + 4);
    elements.push({
      type: file.subarray(at, at + 4).toString('latin1'),
      png: file.subarray(at + 8, at + length),
    });
    at += length;
  }
  return elements;
}

describe('the icon files made from resources/icon.svg', () => {
  it('the Windows .ico lists every size, each a PNG of that size', () => {
    const images = readIco(readFileSync(join(icons, 'icon.ico')));
    expect(images.map((image) => image.size)).toEqual([...icoSizes]);
    for (const image of images) expect(pngSize(image.png)).toEqual({ width: image.size, height: image.size });
  });

  it('the macOS .icns holds a PNG in each slot up to 1024', () => {
    const elements = readIcns(readFileSync(join(icons, 'icon.icns')));
    expect(elements.map((element) => element.type)).toEqual(Object.values(icnsTypes));
    for (const { type, png: image } of elements) {
      const size = Number(Object.entries(icnsTypes).find(([, t]) => t === type)![0]);
      expect(pngSize(image)).toEqual({ width: size, height: size });
    }
  });

  it('Linux gets NxN.png files; the containers round-trip what they were given', () => {
    for (const size of [16, 32, 48, 64, 128, 256, 512, 1024]) expect(pngSize(png(size)).width).toBe(size);
    const given = [16, 32].map((size) => ({ size, png: png(size) }));
    expect(readIco(icoFile(given))).toEqual(given);
    expect(readIcns(icnsFile(given)).map((element) => element.png)).toEqual(given.map((image) => image.png));
    expect(() => icnsFile([{ size: 24, png: png(16) }])).toThrow('ICNS has no PNG slot for 24×24.');
  });
});
