// npm run icons: draws every icon the installers need from resources/icon.svg, with the
// Chromium Playwright already uses (no network, no image tools). The results are
// committed in resources/icons/, so packaging needs nothing but electron-builder.
import { chromium } from '@playwright/test';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { icnsFile, icnsTypes, icoFile, icoSizes, pngSize, type SizedPng } from './icon-files.ts';

const root = new URL('..', import.meta.url).pathname;
const source = join(root, 'resources', 'icon.svg');
const out = join(root, 'resources', 'icons');
const sizes = [...new Set([...icoSizes, ...Object.keys(icnsTypes).map(Number)])].sort((a, b) => a - b);

const svg = readFileSync(source, 'utf8');
const browser = await chromium.launch({
  executablePath: process.env.PATCHBAY_CHROMIUM ?? '/usr/bin/chromium',
});
const drawn: SizedPng[] = [];
try {
  const page = await browser.newPage();
  for (const size of sizes) {
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(
      `<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`,
    );
    const png = await page.locator('svg').screenshot({ omitBackground: true });
    const { width, height } = pngSize(png);
    if (width !== size || height !== size) throw new Error(`Drew ${width}×${height} for ${size}×${size}.`);
    drawn.push({ size, png });
  }
} finally {
  await browser.close();
}

mkdirSync(out, { recursive: true });
const of = (list: readonly number[]) => drawn.filter((image) => list.includes(image.size));
// Linux: one PNG per size, named NxN.png, as electron-builder's linux.icon folder expects.
for (const { size, png } of of([16, 32, 48, 64, 128, 256, 512, 1024]))
  writeFileSync(join(out, `${size}x${size}.png`), png);
writeFileSync(join(out, 'icon.ico'), icoFile(of([...icoSizes])));
writeFileSync(join(out, 'icon.icns'), icnsFile(of(Object.keys(icnsTypes).map(Number))));
console.log(`Wrote ${sizes.length} sizes to ${out}: icon.ico, icon.icns and NxN.png.`);
