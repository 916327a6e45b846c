import { ownValue, setOwn } from '../../contract/safe-path.ts';
import { SyncError } from '../../reliability/error-classes.ts';
import { addressValueHosts, checkAddressValue, leadingAddressValue } from './address-hosts.ts';

// An app's connection values, as a manifest's `{{config.x}}` placeholders read them:
// the settings it declares (with their defaults), the ones every REST connector has,
// and values derived from another (Mailchimp's data centre from its key's suffix).
// And the templated base address built from them (`https://{{config.shop}}.myshopify.com`),
// whose host can only be what the connector declares: a value placed in the host must
// be one DNS label, so a setting can pick the shop but never the domain. Or a whole
// server taken from a value (`{{config.apiDomain}}/api/v2`: Pipedrive's `api_domain`),
// whose host must match the patterns the manifest declares for it (address-hosts.ts).

/** A setting the manifest declares (manifest-schema.ts `settings`). */
export interface DeclaredSetting {
  readonly name: string;
  readonly secret: boolean;
  readonly default?: string | undefined;
}

/** A value taken from part of another (`derived` in manifest-schema.ts). */
export interface DerivedValue {
  readonly name: string;
  /** A declared setting's name, or `secret` for the app's credential. */
  readonly from: string;
  /** The text after the last `after` (Mailchimp: "-"), or before the first `before`. */
  readonly after?: string | undefined;
  readonly before?: string | undefined;
}

/** What the manifest says of its connection: its address template, settings and derived values. */
export interface ConnectionSpec {
  readonly baseUrl: string;
  readonly settings: readonly DeclaredSetting[];
  readonly derived: readonly DerivedValue[];
  readonly auth: { readonly type: string };
}

/** Settings every REST connector has, declared or not (the form shows them too). */
export function builtInSettingNames(auth: { readonly type: string }): string[] {
  return ['baseUrl', 'requestsPerSecond', ...(auth.type === 'oauth2' ? oauthSettingNames : [])];
}
const oauthSettingNames = ['clientId', 'authorizeUrl', 'tokenUrl'];

/** `{{config.x}}` placeholders, as the template renderer reads them. */
const configPlaceholder = /\{\{\s*config\.([A-Za-z0-9_$-]+)(?:\|[a-z0-9]+)*\s*\}\}/g;

/** The setting names a template (or any JSON value holding templates) reads. */
export function configNamesIn(value: unknown): string[] {
  const names = new Set<string>();
  const visit = (item: unknown) => {
    if (typeof item === 'string') for (const [, name] of item.matchAll(configPlaceholder)) names.add(name!);
    else if (Array.isArray(item)) item.forEach(visit);
    else if (item !== null && typeof item === 'object') Object.values(item).forEach(visit);
  };
  visit(value);
  return [...names];
}

/** One DNS label: what a setting may put into a host. */
export const hostLabel = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** The scheme, the host (with placeholders) and the rest of an address template. */
function splitAddress(template: string): { scheme: string; host: string; rest: string } | undefined {
  const match = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)(.*)$/i.exec(template);
  return match ? { scheme: match[1]!, host: match[2]!, rest: match[3]! } : undefined;
}

/** The settings whose values go into the address's host (`shop` of `{{config.shop}}.myshopify.com`). */
export function hostSettingNames(baseUrl: string): string[] {
  const parts = splitAddress(baseUrl);
  return parts ? configNamesIn(parts.host) : [];
}

/**
 * Why an address template cannot be used, or undefined: placeholders may sit in the
 * host's leading labels (each a whole label or part of one) and in the path, never in
 * the scheme, the port, a user name, the query or the last two labels of the host.
 */
export function addressTemplateProblem(
  template: string,
  options: { wholeServerValue?: boolean } = {},
): string | undefined {
  const lead = options.wholeServerValue ? leadingAddressValue(template) : undefined;
  // The value is the server; what follows it is a path, checked as on any server.
  if (lead)
    return /^(?:$|\/)/.test(lead.rest)
      ? addressTemplateProblem(`https://x.example.com${lead.rest}`)
      : 'A server taken from a value is followed by a path ("/api/v2") or nothing.';
  const parts = splitAddress(template);
  const sample = template.replace(configPlaceholder, 'x');
  if (!parts || !URL.canParse(sample)) return 'Use a full web address, such as https://api.example.com.';
  if (/\{\{|\}\}/.test(sample)) return 'An address can only hold {{config.x}} placeholders.';
  const { scheme, host, rest } = parts;
  if (configNamesIn(scheme).length > 0 || configNamesIn(rest.replace(/^[^?#]*/, '')).length > 0)
    return 'Placeholders may only be in the host and the path of an address.';
  if (configNamesIn(host).length === 0) return undefined;
  if (host.includes('@') || /:\S*\{\{/.test(host))
    return 'A placeholder cannot be in the user name or the port of an address.';
  // Each placeholder as one mark, so the dot of `config.x` does not split a label.
  const labels = host.replace(configPlaceholder, '\u0000').replace(/:\d+$/, '').split('.');
  if (labels.length < 3 || labels.slice(-2).some((label) => label.includes('\u0000')))
    return 'A placeholder in the host must leave its domain fixed, as in https://{{config.shop}}.example.com.';
  return undefined;
}

/** The address template as people read it: `https://{shop}.myshopify.com/admin/api/{version}`. */
export function addressPattern(template: string): string {
  return template.replace(configPlaceholder, (_, name: string) => `{${name}}`);
}

/** The origin of an address or of an address pattern (`https://{shop}.myshopify.com`). */
export function originOf(address: string): string {
  if (URL.canParse(address) && !address.includes('{')) return new URL(address).origin;
  const parts = splitAddress(address);
  return parts ? `${parts.scheme.toLowerCase()}${parts.host}` : address;
}

/**
 * The values `{{config.x}}` reads: declared defaults, then the app's own settings, then
 * derived values. Only the app's own fields count (issue 16: never an inherited one).
 */
export function connectionValues(
  spec: ConnectionSpec,
  config: Record<string, unknown>,
  secret: string | undefined,
): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const setting of spec.settings)
    if (setting.default !== undefined) setOwn(values, setting.name, setting.default);
  for (const key of Object.keys(config)) {
    const value = ownValue(config, key);
    if (value !== undefined && value !== '') setOwn(values, key, value);
  }
  for (const derived of spec.derived) {
    const source = derived.from === 'secret' ? secret : ownValue(values, derived.from);
    const part = typeof source === 'string' ? partOf(source, derived) : undefined;
    if (part !== undefined) setOwn(values, derived.name, part);
  }
  return values;
}

/**
 * `connectionValues` for one connector's settings, worked out again only when the secret
 * they may derive from changes (an OAuth token refreshed), not for every request of a
 * sync (issue 17). Frozen: every request shares them.
 */
export function connectionValuesFor(spec: ConnectionSpec, config: Record<string, unknown>) {
  let last: { secret: string | undefined; values: Record<string, unknown> } | undefined;
  return (secret: string | undefined): Record<string, unknown> => {
    if (!last || last.secret !== secret)
      last = { secret, values: Object.freeze(connectionValues(spec, config, secret)) };
    return last.values;
  };
}

function partOf(text: string, { after, before }: DerivedValue): string | undefined {
  let part = text.trim();
  if (after !== undefined) {
    const at = part.lastIndexOf(after);
    if (at < 0) return undefined;
    part = part.slice(at + after.length);
  }
  if (before !== undefined) {
    const at = part.indexOf(before);
    if (at >= 0) part = part.slice(0, at);
  }
  return part === '' ? undefined : part;
}

/** Whether any derived value needs the credential (then it is read to build an address). */
export function needsSecret(spec: ConnectionSpec): boolean {
  return spec.derived.some((d) => d.from === 'secret');
}

/**
 * The app's base address from the template: each host placeholder must fill one DNS
 * label, each path placeholder is percent-encoded. Answers the address or the names of
 * the values that are missing or cannot go into a host.
 */
export function resolveAddress(
  template: string,
  values: Record<string, unknown>,
  serverValueHosts: ReadonlyMap<string, readonly string[]> = new Map(),
): ResolvedAddress {
  const missing = configNamesIn(template).filter((name) => {
    const value = ownValue(values, name);
    return value === undefined || value === null || value === '';
  });
  if (missing.length > 0) return { missing };
  const lead = leadingAddressValue(template);
  if (lead) {
    const checked = checkAddressValue(ownValue(values, lead.name), serverValueHosts.get(lead.name) ?? []);
    if ('problem' in checked) return { badAddress: { name: lead.name, ...checked } };
    return { address: checked.origin + fillPath(lead.rest, values) };
  }
  const parts = splitAddress(template);
  if (!parts) return { address: template };
  let badHost: string | undefined;
  const host = parts.host.replace(configPlaceholder, (_, name: string) => {
    const value = String(ownValue(values, name));
    if (!hostLabel.test(value)) badHost ??= name;
    return value.toLowerCase();
  });
  if (badHost !== undefined) return { badHost };
  return { address: `${parts.scheme}${host}${fillPath(parts.rest, values)}` };
}

type ResolvedAddress =
  | { address: string }
  | { missing: string[] }
  | { badHost: string }
  | { badAddress: { name: string; problem: string; host: string } };

/** Each path placeholder percent-encoded: one segment, never a way out of the path. */
const fillPath = (path: string, values: Record<string, unknown>) =>
  path.replace(configPlaceholder, (_, name: string) => encodeURIComponent(String(ownValue(values, name))));

/**
 * The address with the values it has filled in and the others left as `{name}` (a
 * value derived from the credential is not known without reading it): what an app's
 * settings make of the template, to compare before and after a change.
 */
export function addressWith(template: string, values: Record<string, unknown>): string {
  return template.replace(configPlaceholder, (_, name: string) => {
    const value = ownValue(values, name);
    return value === undefined || value === null || value === '' ? `{${name}}` : String(value);
  });
}

/** The app's address: an app's own `baseUrl` setting, else the manifest's filled from settings. */
export function appAddress(
  manifest: {
    baseUrl: string;
    settings: readonly { name: string; label: string; hosts?: readonly string[] | undefined }[];
    auth: Parameters<typeof addressValueHosts>[0]['auth'];
  },
  appConfig: Record<string, unknown> | undefined,
  config: Record<string, unknown>,
  appName: string,
): string {
  const configured = ownValue(appConfig, 'baseUrl');
  if (typeof configured === 'string' && configured !== '') return configured;
  const resolved = resolveAddress(manifest.baseUrl, config, addressValueHosts(manifest));
  if ('address' in resolved) return resolved.address;
  const captured = manifest.auth.type === 'oauth2' ? (manifest.auth.capture ?? []) : [];
  const label = (name: string) =>
    manifest.settings.find((s) => s.name === name)?.label ??
    captured.find((c) => c.name === name)?.label ??
    name;
  // Nothing is sent to a half-made address, or to a server the connector does not declare.
  throw new SyncError('auth', appName, {
    neverSent: true,
    summary: `${whyNoAddress(resolved, label, (name) => captured.some((c) => c.name === name), appName)}, so Patchbay did not contact it.`,
  });
}

/** Why the address could not be made, in words; `signIn` tells the values a sign-in keeps. */
function whyNoAddress(
  resolved: Exclude<ResolvedAddress, { address: string }>,
  label: (name: string) => string,
  signIn: (name: string) => boolean,
  appName: string,
): string {
  if ('missing' in resolved)
    return resolved.missing.every(signIn)
      ? `${appName}'s address comes from signing in (${resolved.missing.map(label).join(', ')}): connect ${appName} first`
      : `${appName}'s address needs its ${resolved.missing.map(label).join(', ')} setting (fill it in under Apps → ${appName})`;
  if ('badHost' in resolved)
    return `${appName}'s ${label(resolved.badHost)} setting cannot be part of a web address (only letters, digits and dashes)`;
  const { name, host, problem } = resolved.badAddress;
  return `${appName}'s ${label(name)} ("${name}": ${host}) ${problem}; connect ${appName} again or correct it under Apps → ${appName}. Its credential was not sent`;
}
