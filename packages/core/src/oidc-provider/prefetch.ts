/**
 * Rows read ahead within one request to the OpenID Provider. oidc-provider
 * looks records up one at a time, each waiting for the previous (for an
 * introspection: the client, its secret, the token, the token's session, the
 * token's grant). The adapter reads the rows a lookup will certainly be
 * followed by in the same statement — a token with its grant and session, a
 * client with its live secret keys — and keeps them here for the rest of the
 * request only.
 *
 * Nothing outlives the request (the store belongs to its async context, see
 * withOidcPrefetch), so nothing here can serve a revoked key, token or grant
 * to a later request on this or any other instance: a row read ahead is as
 * fresh as the row it came with. A row is used at most once; any write
 * through the adapter discards what was read ahead. Outside withOidcPrefetch
 * (the worker, tests calling the adapter directly) nothing is read ahead.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { AdapterPayload } from "oidc-provider";

/** A live secret key of a client, as read with it. */
export interface LiveClientKey {
  id: string;
  hash: string;
  /** Its last use was written more than a minute ago (or never). */
  stale: boolean;
}

interface Store {
  /** `${model} id ${id}` or `${model} uid ${uid}` → the record's payload, or null for "no such live record". */
  records: Map<string, AdapterPayload | null>;
  /** client id → its live secret keys. */
  clientKeys: Map<string, LiveClientKey[]>;
}

const storage = new AsyncLocalStorage<Store>();

/** Runs `fn` (one request to the provider) with its own read-ahead store. */
export function withOidcPrefetch<T>(fn: () => T): T {
  return storage.run({ records: new Map(), clientKeys: new Map() }, fn);
}

/** True inside withOidcPrefetch: worth reading ahead. */
export const prefetching = () => storage.getStore() !== undefined;

export const recordKey = (model: string, by: "id" | "uid", value: string) => `${model} ${by} ${value}`;

export function keepRecord(key: string, payload: AdapterPayload | null): void {
  storage.getStore()?.records.set(key, payload);
}

/** The record read ahead under `key` (taken: a second lookup reads the database), or undefined when none was. */
export function takeRecord(key: string): AdapterPayload | null | undefined {
  const records = storage.getStore()?.records;
  const found = records?.get(key);
  if (found !== undefined) records!.delete(key);
  return found;
}

/** Something was written: what was read ahead may no longer hold. */
export function forgetRecords(): void {
  storage.getStore()?.records.clear();
}

export function keepClientKeys(clientId: string, keys: LiveClientKey[]): void {
  storage.getStore()?.clientKeys.set(clientId, keys);
}

/** The client's live keys read with it in this request (taken), or undefined. */
export function takeClientKeys(clientId: string): LiveClientKey[] | undefined {
  const store = storage.getStore();
  const keys = store?.clientKeys.get(clientId);
  if (keys) store!.clientKeys.delete(clientId);
  return keys;
}
