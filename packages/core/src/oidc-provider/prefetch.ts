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
  prefix: string;
  hash: string;
  /** Its last use was written more than a minute ago (or never). */
  stale: boolean;
}

/** The application whose secret key authenticated the request's client, and that key. */
export interface AuthenticatedClient {
  applicationId: string;
  name: string;
  keyId: string;
  keyPrefix: string;
}

/** A client as read with its live keys. */
export interface ClientWithKeys {
  applicationId: string;
  name: string;
  keys: LiveClientKey[];
}

/** Who sent the request, as the API saw it (for the audit record of what the application did). */
export interface OidcRequestMeta {
  ip?: string | undefined;
  userAgent?: string | undefined;
  requestId?: string | undefined;
}

interface Store {
  /** `${model} id ${id}` or `${model} uid ${uid}` → the record's payload, or null for "no such live record". */
  records: Map<string, AdapterPayload | null>;
  /** client id → the client's application and live secret keys. */
  clientKeys: Map<string, ClientWithKeys>;
  /** Set once a client authenticated with a secret key in this request. */
  client: AuthenticatedClient | null;
  request: OidcRequestMeta;
}

const storage = new AsyncLocalStorage<Store>();

/** Runs `fn` (one request to the provider) with its own read-ahead store. */
export function withOidcPrefetch<T>(fn: () => T, request: OidcRequestMeta = {}): T {
  return storage.run({ records: new Map(), clientKeys: new Map(), client: null, request }, fn);
}

/** The client authenticated in this request (its application and key), and who sent it; null outside withOidcPrefetch or before. */
export function authenticatedClient(): { client: AuthenticatedClient; request: OidcRequestMeta } | null {
  const store = storage.getStore();
  return store?.client ? { client: store.client, request: store.request } : null;
}

export function keepAuthenticatedClient(client: AuthenticatedClient): void {
  const store = storage.getStore();
  if (store) store.client = client;
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

export function keepClientKeys(clientId: string, keys: ClientWithKeys): void {
  storage.getStore()?.clientKeys.set(clientId, keys);
}

/** The client's live keys read with it in this request (taken), or undefined. */
export function takeClientKeys(clientId: string): ClientWithKeys | undefined {
  const store = storage.getStore();
  const keys = store?.clientKeys.get(clientId);
  if (keys) store!.clientKeys.delete(clientId);
  return keys;
}
