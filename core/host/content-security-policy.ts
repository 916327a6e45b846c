/**
 * The one Content-Security-Policy of the built renderer, in browser mode (HTTP header)
 * and in the desktop window alike, so the Chromium tests exercise the rules users get.
 * Pure: imported by core/host and electron/main.
 */
export const rendererContentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
