/** Percent-decoded text, or undefined for a malformed escape (`%`, `%E0%A4%A`) a stranger sent. */
export function decodedOrUndefined(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}
