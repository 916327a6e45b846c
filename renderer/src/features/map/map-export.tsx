import { toPng, toSvg } from 'html-to-image';
import { useState } from 'react';

/** The drawing to export: the map's viewport element and the size of everything on it. */
export interface ExportTarget {
  viewport: HTMLElement;
  width: number;
  height: number;
}

type Format = 'png' | 'svg';

const margin = 24;

/** "Download PNG" / "Download SVG": the whole map at full size, whatever the zoom on screen. */
export function MapExport({ target }: { target: () => ExportTarget | null }) {
  const [busy, setBusy] = useState<Format | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  async function download(format: Format) {
    const drawing = target();
    if (!drawing) return;
    setBusy(format);
    setProblem(null);
    try {
      const dataUrl = await (format === 'png' ? toPng : toSvg)(drawing.viewport, exportOptions(drawing));
      save(dataUrl, `data-flow-map-${new Date().toISOString().slice(0, 10)}.${format}`);
    } catch {
      setProblem('Could not draw the picture. Try again, or zoom the map to fit and retry.');
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="map-export">
      <div className="map-export-buttons">
        {(['png', 'svg'] as const).map((format) => (
          <button
            key={format}
            type="button"
            className="button"
            disabled={busy !== null}
            onClick={() => void download(format)}
          >
            {busy === format ? `Preparing ${format.toUpperCase()}…` : `Download ${format.toUpperCase()}`}
          </button>
        ))}
      </div>
      {problem && (
        <p role="alert" className="error-banner">
          {problem}
        </p>
      )}
    </div>
  );
}

// The viewport is drawn with its pan and zoom reset, so the picture holds the whole map
// at 1:1 (twice that in pixels for a sharp PNG) instead of what happens to be on screen.
function exportOptions({ width, height }: ExportTarget) {
  return {
    backgroundColor: '#ffffff',
    width: Math.ceil(width + margin * 2),
    height: Math.ceil(height + margin * 2),
    pixelRatio: 2,
    style: {
      width: `${Math.ceil(width)}px`,
      height: `${Math.ceil(height)}px`,
      transform: `translate(${margin}px, ${margin}px) scale(1)`,
    },
  };
}

// An <a download> with the data URL: the browser saves the file, the desktop app asks where.
function save(dataUrl: string, fileName: string) {
  const link = document.createElement('a');
  link.href = dataUrl;
  link.download = fileName;
  link.click();
}
