// The icon containers each OS wants, filled with PNG images (both formats allow PNG
// entries, so no bitmap encoder is needed): .ico for Windows, .icns for macOS.
// ICO: https://learn.microsoft.com/en-us/previous-versions/ms997538(v=msdn.10)
// ICNS: https://en.wikipedia.org/wiki/Apple_Icon_Image_format (types ic07–ic14 hold PNG)

export interface SizedPng {
  readonly size: number;
  readonly png: Buffer;
}

/** Sizes Windows picks from (256 is written as 0 in the directory). */
export const icoSizes = [16, 24, 32, 48, 64, 128, 256] as const;

export function icoFile(images: readonly SizedPng[]): Buffer {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // 1 = icon
  header.writeUInt16LE(images.length, 4);
  let offset = 6 + 16 * images.length;
  const entries = images.map(({ size, png }) => {
    const entry = Buffer.alloc(16);
    entry.writeUInt8(size >= 256 ? 0 : size, 0);
    entry.writeUInt8(size >= 256 ? 0 : size, 1);
    entry.writeUInt8(0, 2); // no palette
    entry.writeUInt8(0, 3);
    entry.writeUInt16LE(1, 4); // colour planes
    entry.writeUInt16LE(32, 6); // bits per pixel
    entry.writeUInt32LE(png.length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += png.length;
    return entry;
  });
  return Buffer.concat([header, ...entries, ...images.map((image) => image.png)]);
}

/** ICNS element types that hold a PNG of this many pixels a side. */
export const icnsTypes: Readonly<Record<number, string>> = {
  16: 'icp4',
  32: 'icp5',
  64: 'icp6',
  128: 'ic07',
  256: 'ic08',
  512: 'ic09',
  1024: 'ic10',
};

export function icnsFile(images: readonly SizedPng[]): Buffer {
  const elements = images.map(({ size, png }) => {
    const type = icnsTypes[size];
    if (type === undefined) throw new Error(`ICNS has no PNG slot for ${size}×${size}.`);
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const body = Buffer.concat(elements);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([head, body]);
}

/** A PNG's width and height from its IHDR chunk (to check what a renderer drew). */
export function pngSize(png: Buffer): { width: number; height: number } {
  if (png.subarray(1, 4).toString('latin1') !== 'PNG') throw new Error('Not a PNG.');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}
