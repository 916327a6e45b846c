// The requests every measured job outside Patchbay makes, written once so the jobs differ
// only in what they are compared for (the HTTP client, the database): HubSpot's search
// by ascending lastmodifieddate (restarting past the 10,000-result cap), the same field
// mapping, and in Stripe a lookup by email then a create or update, with an
// Idempotency-Key, `concurrency` writes in flight.
// https://developers.hubspot.com/docs/api-reference/2026-03/crm/search-the-crm
// https://docs.stripe.com/api/customers/list, https://docs.stripe.com/api/idempotent_requests
// No Patchbay code at all: its imports alone would add to the jobs' RSS.
import type { JobCounts, JobInput } from './job-protocol.ts';

const pageSize = 100;
const searchCap = 10_000;
export const concurrency = 4;

export interface Contact {
  id: string;
  properties: Record<string, string | null>;
}

interface SearchAnswer {
  results: Contact[];
  paging?: { next?: { after: string } };
}

export interface Exchange {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/** One HTTP exchange with the job's own client: the status and the body's text. */
export type SendText = (
  exchange: Exchange,
) => Promise<{ status: number; retryAfter?: string; link?: string; text: string }>;

/** A link from a contact to the customer written for it, as the page commit stores it. */
export type Link = [sourceId: string, targetId: string, modified: string];

export interface SyncContactsOptions {
  input: JobInput;
  send: SendText;
  /** Where the search starts (the stored cursor), in ms since the epoch. */
  since: number;
  /** Whether a contact read needs writing (the restart re-reads the newest moment). */
  changed: (contact: Contact) => boolean;
  /** After each page's writes: the links written and the newest change seen. */
  committed: (links: Link[], newest: number) => void;
}

export async function syncContacts(options: SyncContactsOptions): Promise<JobCounts> {
  const { input, changed } = options;
  const call = retrying(options.send);
  const counts: JobCounts = { read: 0, created: 0, updated: 0, failed: 0 };
  let queryCursor = options.since;
  let after: string | undefined;
  let resultsInQuery = 0;
  let newest = queryCursor;

  for (;;) {
    const page = (await call(searchRequest(input, queryCursor, after))) as SearchAnswer;
    counts.read += page.results.length;
    resultsInQuery += page.results.length;
    const links: Link[] = [];
    await inParallel(page.results.filter(changed), concurrency, async (contact) => {
      const { id, created } = await upsertCustomer(input, call, contact);
      links.push([contact.id, id, contact.properties.lastmodifieddate ?? '']);
      if (created) counts.created++;
      else counts.updated++;
    });
    for (const c of page.results) newest = Math.max(newest, Date.parse(c.properties.lastmodifieddate ?? ''));
    options.committed(links, newest);

    const token = page.paging?.next?.after;
    if (!token) return counts;
    if (resultsInQuery + pageSize > searchCap) {
      // Search answers at most 10,000 results per query: start a new one from the newest change seen.
      if (newest === queryCursor)
        throw new Error('More than 10,000 contacts changed in the same millisecond.');
      queryCursor = newest;
      after = undefined;
      resultsInQuery = 0;
    } else {
      after = token;
    }
  }
}

function searchRequest(input: JobInput, since: number, after: string | undefined): Exchange {
  return {
    method: 'POST',
    url: `${input.hubspotUrl}/crm/v3/objects/contacts/search`,
    headers: { authorization: `Bearer ${input.hubspotToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      filterGroups: [
        { filters: [{ propertyName: 'lastmodifieddate', operator: 'GTE', value: String(since) }] },
      ],
      sorts: [{ propertyName: 'lastmodifieddate', direction: 'ASCENDING' }],
      properties: ['email', 'firstname', 'lastname', 'phone', 'company', 'lastmodifieddate'],
      limit: pageSize,
      ...(after === undefined ? {} : { after }),
    }),
  };
}

/** Looks the customer up by email, then updates or creates it: Stripe has no upsert. */
async function upsertCustomer(
  input: JobInput,
  call: (exchange: Exchange) => Promise<unknown>,
  contact: Contact,
): Promise<{ id: string; created: boolean }> {
  const p = contact.properties;
  const email = (p.email ?? '').trim().toLowerCase();
  if (!email) throw new Error(`Contact ${contact.id} has no email.`);
  const auth = { authorization: `Bearer ${input.stripeKey}` };
  const found = (await call({
    method: 'GET',
    url: `${input.stripeUrl}/v1/customers?${new URLSearchParams({ email, limit: '1' })}`,
    headers: auth,
  })) as { data: { id: string }[] };
  const existing = found.data[0]?.id;
  const form = new URLSearchParams({
    email,
    name: `${p.firstname ?? ''} ${p.lastname ?? ''}`,
    'metadata[hubspot_id]': contact.id,
  });
  if (p.phone) form.set('phone', p.phone);
  const written = (await call({
    method: 'POST',
    url: `${input.stripeUrl}/v1/customers${existing ? `/${existing}` : ''}`,
    headers: {
      ...auth,
      'content-type': 'application/x-www-form-urlencoded',
      // A write whose answer is lost is replayed by Stripe instead of done twice.
      'idempotency-key': `hubspot-${contact.id}-${p.lastmodifieddate}`,
    },
    body: form.toString(),
  })) as { id: string };
  return { id: written.id, created: !existing };
}

/** Parses a 2xx; retries a 429 or 5xx a few times (honouring Retry-After); throws on any other status. */
export function retrying(send: SendText) {
  return async (exchange: Exchange): Promise<unknown> => (await retryingWithHeaders(send)(exchange)).body;
}

/** `retrying`, answering the headers the job reads too (Shopify's Link). */
export function retryingWithHeaders(send: SendText) {
  return async (exchange: Exchange): Promise<{ body: unknown; link?: string }> => {
    for (let attempt = 1; ; attempt++) {
      const answer = await send(exchange);
      if (answer.status >= 200 && answer.status < 300)
        return { body: JSON.parse(answer.text), ...(answer.link === undefined ? {} : { link: answer.link }) };
      if ((answer.status !== 429 && answer.status < 500) || attempt === 5)
        throw new Error(
          `${exchange.method} ${new URL(exchange.url).pathname} answered ${answer.status}: ${answer.text}`,
        );
      const wait = Number(answer.retryAfter ?? 0) * 1000 || 100 * 2 ** attempt;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  };
}

export async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: limit }, worker));
}
