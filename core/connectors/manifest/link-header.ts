/** The `rel="next"` target of an RFC 8288 Link header, if any (rel may list several types: `rel="next last"`). */
export function nextLinkFromHeader(header: string | undefined): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(',')) {
    const match = /<([^>]*)>\s*;(.*)/.exec(part.trim());
    if (match && /\brel\s*=\s*"?([^";]*\s)?next(?=[\s";]|$)/i.test(match[2]!)) return match[1];
  }
  return undefined;
}
