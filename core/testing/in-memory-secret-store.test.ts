import { expect, it } from 'vitest';
import { InMemorySecretStore } from './in-memory-secret-store.ts';

it('keeps the keychain port: a set replaces, delete says if there was one, list is sorted', async () => {
  const store = new InMemorySecretStore();
  expect(await store.list()).toEqual([]);
  await store.set('acme/stripe', 'sk_test_one');
  await store.set('acme/hubspot', 'pat-one');
  await store.set('acme/stripe', 'sk_test_two');
  expect(await store.get('acme/stripe')).toBe('sk_test_two');
  expect(await store.get('acme/missing')).toBeUndefined();
  expect(await store.list()).toEqual(['acme/hubspot', 'acme/stripe']);
  expect(await store.delete('acme/stripe')).toBe(true);
  expect(await store.delete('acme/stripe')).toBe(false);
  expect(await store.list()).toEqual(['acme/hubspot']);
});

it('shares nothing between two stores', async () => {
  const one = new InMemorySecretStore();
  await one.set('acme/hubspot', 'pat-one');
  expect(await new InMemorySecretStore().list()).toEqual([]);
});
