/**
 * A request's address: the base and rendered path, with the query parameters. The
 * query is written as `URLSearchParams` writes it (application/x-www-form-urlencoded),
 * into the text the URL is parsed from: setting the parameters one by one on a parsed
 * URL makes it write its query again for each, and once more for `href` (issue 17: a
 * third of building a request, and a sync builds two per record). A path that brings
 * its own query or fragment takes the parameters the slower way, so a parameter it
 * names is replaced, not repeated.
 */
export function requestAddress(baseAndPath: string, query: Readonly<Record<string, string>>): URL {
  if (baseAndPath.includes('?') || baseAndPath.includes('#')) return withQuery(new URL(baseAndPath), query);
  let search = '';
  for (const [name, value] of Object.entries(query))
    search += `${search === '' ? '?' : '&'}${formComponent(name)}=${formComponent(value)}`;
  return new URL(baseAndPath + search);
}

/** The parameters set on a parsed address (a next-page link), each replacing one of its name. */
export function withQuery(url: URL, query: Readonly<Record<string, string>>): URL {
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  return url;
}

/**
 * One name or value as `URLSearchParams` writes it: `*-._` and ASCII letters and digits
 * kept, a space as `+`, everything else percent-encoded in UTF-8 (a lone surrogate as
 * U+FFFD, as the URL standard's encoder does).
 * https://url.spec.whatwg.org/#concept-urlencoded-serializer
 */
export function formComponent(text: string): string {
  const encoded = encodeURIComponent(text.isWellFormed() ? text : text.toWellFormed());
  // Most values (an email, an id) have none of the characters the two encoders differ on.
  if (!differsFromUriComponent.test(text)) return encoded;
  return encoded
    .replace(/%20/g, '+')
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

const differsFromUriComponent = /[ !'()~]/;
