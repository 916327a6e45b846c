// The Stripe emulator's data (stripe-emulator.ts): customers, products, invoices and the
// Events feed, and Stripe's form encoding.
import { ownValue, setOwn } from '../../contract/safe-path.ts';
import type { KeptStore } from './kept-records.ts';
import { StripeEvents, StripeObjects, type StripeObject } from './stripe-objects.ts';

export interface StripeCustomer {
  id: string;
  object: 'customer';
  email: string | null;
  name: string | null;
  phone: string | null;
  description: string | null;
  metadata: Record<string, string>;
  created: number;
  livemode: false;
}

export interface StripeProduct extends StripeObject {
  object: 'product';
  active: boolean;
  name: string;
  description: string | null;
  metadata: Record<string, string>;
  updated: number;
  livemode: false;
}

export interface StripeInvoice extends StripeObject {
  object: 'invoice';
  customer: string;
  customer_email: string | null;
  number: string | null;
  status: 'draft' | 'open' | 'paid' | 'void' | 'uncollectible';
  currency: string;
  amount_due: number;
  amount_paid: number;
  description: string | null;
  due_date: number | null;
  metadata: Record<string, string>;
  livemode: false;
}

/** Stripe's clock: unix seconds. */
export const seconds = () => Math.floor(Date.now() / 1000);

/** The emulator's data: customers in creation order (Stripe lists newest first), products, invoices and the Events feed. */
export class StripeStore implements KeptStore {
  readonly ordered: StripeCustomer[] = [];
  readonly byId = new Map<string, { customer: StripeCustomer; index: number }>();
  readonly #byEmail = new Map<string, string[]>();
  /** Customers deleted (permanently, as Stripe does): out of lists, a GET answers `deleted: true`. */
  readonly deleted = new Set<string>();
  /** Grows with every change, so the demo knows when to save. */
  changes = 0;
  readonly events = new StripeEvents(seconds);
  readonly products = new StripeObjects<StripeProduct>('product', this.events, seconds, () => this.changes++);
  readonly invoices = new StripeObjects<StripeInvoice>('invoice', this.events, seconds, () => this.changes++);

  snapshot(): StripeCustomer[] {
    return this.ordered;
  }

  load(customers: readonly StripeCustomer[]): void {
    for (const customer of customers) {
      this.byId.set(customer.id, { customer, index: this.ordered.length });
      this.ordered.push(customer);
      if (customer.email)
        this.#byEmail.set(customer.email, [...(this.#byEmail.get(customer.email) ?? []), customer.id]);
    }
  }

  create(fields: Partial<StripeCustomer>): StripeCustomer {
    this.changes++;
    const index = this.ordered.length;
    const customer: StripeCustomer = {
      id: `cus_${(index + 1).toString(36).padStart(14, '0')}`,
      object: 'customer',
      email: fields.email ?? null,
      name: fields.name ?? null,
      phone: fields.phone ?? null,
      description: fields.description ?? null,
      metadata: fields.metadata ?? {},
      created: Math.floor(Date.now() / 1000),
      livemode: false,
    };
    this.ordered.push(customer);
    this.byId.set(customer.id, { customer, index });
    if (customer.email)
      this.#byEmail.set(customer.email, [...(this.#byEmail.get(customer.email) ?? []), customer.id]);
    // The event's time is the customer's own: a test that backdates a customer backdates its creation.
    this.events.add('customer.created', customer, undefined, () => customer.created);
    return customer;
  }

  /** Deletes a customer for good; answers false when there is none (or it is already gone). */
  remove(id: string): boolean {
    const found = this.live(id);
    if (!found) return false;
    this.changes++;
    this.deleted.add(id);
    this.events.add('customer.deleted', found);
    return true;
  }

  /** A customer that exists and is not deleted. */
  live(id: string): StripeCustomer | undefined {
    return this.deleted.has(id) ? undefined : this.byId.get(id)?.customer;
  }

  /** Deterministic products: prod_seed_1… */
  seedProducts(count: number): void {
    const from = this.products.ordered.length + 1;
    for (let i = from; i < from + count; i++)
      this.products.add({
        id: `prod_seed_${i}`,
        object: 'product',
        active: true,
        name: `Product ${i}`,
        description: null,
        metadata: {},
        updated: seconds(),
        livemode: false,
      });
  }

  /** Deterministic invoices, each for a new customer. */
  seedInvoices(count: number): void {
    for (let i = 0; i < count; i++) {
      const n = this.invoices.ordered.length + 1;
      const customer = this.create({ email: `billed${n}@example.com`, name: `Billed ${n}` });
      this.invoices.add({
        id: `in_${n.toString(36).padStart(14, '0')}`,
        object: 'invoice',
        customer: customer.id,
        customer_email: customer.email,
        number: `INV-${String(n).padStart(4, '0')}`,
        status: 'open',
        currency: 'gbp',
        amount_due: 1000 * n,
        amount_paid: 0,
        description: null,
        due_date: null,
        metadata: {},
        livemode: false,
      });
    }
  }

  update(customer: StripeCustomer, fields: Partial<StripeCustomer>): StripeCustomer {
    this.changes++;
    const previous = Object.fromEntries(
      Object.keys(fields).map((k) => [k, customer[k as keyof StripeCustomer]]),
    );
    if (fields.email !== undefined && fields.email !== customer.email) {
      if (customer.email)
        this.#byEmail.set(
          customer.email,
          (this.#byEmail.get(customer.email) ?? []).filter((id) => id !== customer.id),
        );
      if (fields.email)
        this.#byEmail.set(fields.email, [...(this.#byEmail.get(fields.email) ?? []), customer.id]);
    }
    Object.assign(customer, { ...fields, metadata: { ...customer.metadata, ...(fields.metadata ?? {}) } });
    this.events.add('customer.updated', customer, previous);
    return customer;
  }

  /** Stripe's email filter is an exact, case-sensitive match. */
  withEmail(email: string): StripeCustomer[] {
    return (this.#byEmail.get(email) ?? [])
      .filter((id) => !this.deleted.has(id))
      .map((id) => this.byId.get(id)!.customer)
      .reverse();
  }
}

/**
 * Stripe's form encoding: `metadata[plan]=gold` becomes `{ metadata: { plan: 'gold' } }`.
 * Own fields only: `__proto__[x]=1` from any local caller must not reach Object.prototype
 * of the process the demo's core runs in (issue 16).
 */
export function parseForm(text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const nested = /^([^[]+)\[([^\]]+)\]$/.exec(key);
    if (nested) {
      const parent = (ownValue(out, nested[1]!) ?? {}) as Record<string, unknown>;
      setOwn(out, nested[1]!, parent);
      setOwn(parent, nested[2]!, value);
    } else {
      setOwn(out, key, value);
    }
  }
  return out;
}
