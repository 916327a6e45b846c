// Updates: checked through electron-updater against a feed the office (or its IT
// consultant) configures, and never otherwise: Patchbay phones nowhere by default.
// https://www.electron.build/auto-update
/** The feed to check, from PATCHBAY_UPDATE_URL: an https address of a generic update server. */
export function updateFeedFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): { provider: 'generic'; url: string } | { off: string } {
  const value = env.PATCHBAY_UPDATE_URL?.trim();
  if (!value) return { off: 'no update feed is configured (PATCHBAY_UPDATE_URL)' };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { off: `PATCHBAY_UPDATE_URL is not an address: ${value.slice(0, 100)}` };
  }
  if (url.protocol !== 'https:' || url.username !== '' || url.password !== '')
    return { off: 'PATCHBAY_UPDATE_URL must be a plain https address' };
  return { provider: 'generic', url: url.href };
}
