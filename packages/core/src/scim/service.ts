/**
 * The SCIM protocol surface as one function: a request (method, path under
 * /scim/v2, query, body, If-Match) of an authenticated organization in, a
 * status, body and headers out. The HTTP layer stays a thin transport, and
 * /Bulk replays its operations through the same function.
 */
import { project, readProjection } from "./document.ts";
import { invalidSyntax, invalidValue, ScimError } from "./errors.ts";
import { getCI } from "./filter.ts";
import * as groups from "./groups.ts";
import type { ScimContext } from "./context.ts";
import { BULK_REQUEST_SCHEMA, BULK_RESPONSE_SCHEMA, MAX_BULK_OPERATIONS, resourceTypes, schemaDocuments, serviceProviderConfig } from "./schema.ts";
import { createUser } from "./user-create.ts";
import * as users from "./users.ts";
import type { ListQuery } from "./users.ts";

export interface ScimRequest {
  method: string;
  /** The path below the base URL, e.g. `/Users/…`. */
  path: string;
  query: Record<string, unknown>;
  body: unknown;
  ifMatch?: string | undefined;
}

export interface ScimResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

const numberParam = (v: unknown): number | undefined => {
  if (v === undefined || v === null || v === "") return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw invalidValue(`${JSON.stringify(v)} is not a number`);
  return n;
};

/** Sorting is not offered (ServiceProviderConfig says so): sortBy is ignored and results come in creation order. */
function listQuery(query: Record<string, unknown>): ListQuery {
  const filter = getCI(query, "filter");
  if (filter !== undefined && typeof filter !== "string") throw new ScimError(400, "invalidFilter", "filter must be a string");
  return { filter, startIndex: numberParam(getCI(query, "startIndex")), count: numberParam(getCI(query, "count")), projection: readProjection(query) };
}

const written = (status: number, r: { resource: unknown; version: string }, location?: string): ScimResponse => ({
  status,
  body: r.resource,
  headers: { etag: `W/"${r.version}"`, ...(location ? { location } : {}) },
});

export async function handleScim(ctx: ScimContext, req: ScimRequest): Promise<ScimResponse> {
  const segments = req.path.split("/").filter(Boolean).map((segment) => {
    try {
      return decodeURIComponent(segment);
    } catch {
      // Malformed percent-encoding (used to escape as a 500): no such resource.
      throw new ScimError(404, undefined, `No endpoint ${req.path}`);
    }
  });
  const [collection, id, extra] = segments;
  const method = req.method.toUpperCase();
  const docs = `${ctx.baseUrl.replace(/\/scim\/v2$/, "")}/admin/`;
  const notAllowed = () => new ScimError(405, undefined, `${method} is not supported on ${req.path}`);
  if (extra !== undefined) throw new ScimError(404, undefined, `No endpoint ${req.path}`);

  switch (collection?.toLowerCase()) {
    case "serviceproviderconfig":
      if (method !== "GET" || id) throw notAllowed();
      return { status: 200, body: serviceProviderConfig(ctx.baseUrl, docs) };
    case "resourcetypes":
    case "schemas": {
      if (method !== "GET") throw notAllowed();
      const all: { id: string }[] = collection.toLowerCase() === "schemas" ? schemaDocuments(ctx.baseUrl) : resourceTypes(ctx.baseUrl);
      if (id) {
        const one = all.find((d) => d.id === id);
        if (!one) throw new ScimError(404, undefined, `${id} not found`);
        return { status: 200, body: one };
      }
      return { status: 200, body: { schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], totalResults: all.length, startIndex: 1, itemsPerPage: all.length, Resources: all } };
    }
    case "users":
      return usersEndpoint(ctx, method, id, req);
    case "groups":
      return groupsEndpoint(ctx, method, id, req);
    case "bulk":
      if (method !== "POST" || id) throw notAllowed();
      return { status: 200, body: await bulk(ctx, req.body) };
    case "me":
      throw new ScimError(501, undefined, "/Me is not supported: SCIM tokens act for an organization, not a user");
    default:
      throw new ScimError(404, undefined, `No endpoint ${req.path}`);
  }
}

function searchQuery(req: ScimRequest): ListQuery {
  const b = req.body;
  if (b === null || typeof b !== "object" || Array.isArray(b)) throw invalidSyntax("The search body must be a JSON object");
  const body = b as Record<string, unknown>;
  const join = (v: unknown) => (Array.isArray(v) ? v.join(",") : v);
  return listQuery({ ...body, attributes: join(getCI(body, "attributes")), excludedAttributes: join(getCI(body, "excludedAttributes")) });
}

async function usersEndpoint(ctx: ScimContext, method: string, id: string | undefined, req: ScimRequest): Promise<ScimResponse> {
  if (id === ".search") {
    if (method !== "POST") throw new ScimError(405, undefined, "Use POST for .search");
    return { status: 200, body: await users.listUsers(ctx, searchQuery(req)) };
  }
  const projection = readProjection(req.query);
  if (!id) {
    if (method === "GET") return { status: 200, body: await users.listUsers(ctx, listQuery(req.query)) };
    if (method === "POST") {
      const r = await createUser(ctx, req.body);
      return written(201, { ...r, resource: project("User", r.resource, projection) }, `${ctx.baseUrl}/Users/${r.id}`);
    }
    throw new ScimError(405, undefined, `${method} is not supported on /Users`);
  }
  switch (method) {
    case "GET": {
      const r = await users.getUser(ctx, id);
      return written(200, { ...r, resource: project("User", r.resource, projection) });
    }
    case "PUT": {
      const r = await users.replaceUser(ctx, id, req.body, req.ifMatch);
      return written(200, { ...r, resource: project("User", r.resource, projection) });
    }
    case "PATCH": {
      const r = await users.patchUser(ctx, id, req.body, req.ifMatch);
      return written(200, { ...r, resource: project("User", r.resource, projection) });
    }
    case "DELETE":
      await users.deleteUser(ctx, id, req.ifMatch);
      return { status: 204 };
    default:
      throw new ScimError(405, undefined, `${method} is not supported on /Users/{id}`);
  }
}

async function groupsEndpoint(ctx: ScimContext, method: string, id: string | undefined, req: ScimRequest): Promise<ScimResponse> {
  if (id === ".search") {
    if (method !== "POST") throw new ScimError(405, undefined, "Use POST for .search");
    return { status: 200, body: await groups.listGroups(ctx, searchQuery(req)) };
  }
  const query = listQuery(req.query);
  if (!id) {
    if (method === "GET") return { status: 200, body: await groups.listGroups(ctx, query) };
    if (method === "POST") {
      const r = await groups.createGroup(ctx, req.body);
      return written(201, { ...r, resource: project("Group", r.resource, query.projection) }, `${ctx.baseUrl}/Groups/${r.id}`);
    }
    throw new ScimError(405, undefined, `${method} is not supported on /Groups`);
  }
  switch (method) {
    case "GET": {
      const r = await groups.getGroup(ctx, id, query);
      return written(200, { ...r, resource: project("Group", r.resource, query.projection) });
    }
    case "PUT": {
      const r = await groups.replaceGroup(ctx, id, req.body, req.ifMatch, query);
      return written(200, { ...r, resource: project("Group", r.resource, query.projection) });
    }
    case "PATCH": {
      const r = await groups.patchGroup(ctx, id, req.body, req.ifMatch, query);
      return written(200, { ...r, resource: project("Group", r.resource, query.projection) });
    }
    case "DELETE":
      await groups.deleteGroup(ctx, id, req.ifMatch);
      return { status: 204 };
    default:
      throw new ScimError(405, undefined, `${method} is not supported on /Groups/{id}`);
  }
}

/** Replaces "bulkId:x" references (in paths and anywhere in data) with the ids created earlier in the request. */
function resolveBulkIds(value: unknown, ids: Map<string, string>): unknown {
  if (typeof value === "string") {
    const m = /^bulkId:(.+)$/.exec(value);
    if (!m)
      return value.replace(/\/bulkId:([^/]+)/, (_whole, ref: string) => {
        if (!ids.has(ref)) throw new ScimError(409, "invalidValue", `bulkId ${ref} does not refer to a resource created earlier in this request`);
        return `/${ids.get(ref)}`;
      });
    const id = ids.get(m[1]!);
    if (!id) throw new ScimError(409, "invalidValue", `bulkId ${m[1]} does not refer to a resource created earlier in this request`);
    return id;
  }
  if (Array.isArray(value)) return value.map((v) => resolveBulkIds(v, ids));
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveBulkIds(v, ids)]));
  return value;
}

async function bulk(ctx: ScimContext, body: unknown) {
  if (body === null || typeof body !== "object" || Array.isArray(body)) throw invalidSyntax("The bulk body must be a JSON object");
  const schemas = getCI(body, "schemas");
  if (Array.isArray(schemas) && !schemas.includes(BULK_REQUEST_SCHEMA)) throw invalidSyntax(`A bulk request names the schema ${BULK_REQUEST_SCHEMA}`);
  const operations = getCI(body, "Operations");
  if (!Array.isArray(operations)) throw invalidSyntax("Operations must be an array");
  if (operations.length > MAX_BULK_OPERATIONS) throw new ScimError(413, undefined, `A bulk request holds at most ${MAX_BULK_OPERATIONS} operations`);
  const failOnErrorsRaw = getCI(body, "failOnErrors");
  const failOnErrors = typeof failOnErrorsRaw === "number" && failOnErrorsRaw > 0 ? Math.floor(failOnErrorsRaw) : Infinity;
  const ids = new Map<string, string>();
  const results: object[] = [];
  let errors = 0;
  for (const raw of operations) {
    if (errors >= failOnErrors) break;
    const op = (raw ?? {}) as Record<string, unknown>;
    const method = String(getCI(op, "method") ?? "").toUpperCase();
    const bulkId = getCI(op, "bulkId");
    const version = getCI(op, "version");
    const base = { method, ...(typeof bulkId === "string" ? { bulkId } : {}), ...(typeof version === "string" ? { version } : {}) };
    try {
      if (!["POST", "PUT", "PATCH", "DELETE"].includes(method)) throw invalidSyntax(`Bulk method ${JSON.stringify(method)} is not supported`);
      if (method === "POST" && typeof bulkId !== "string") throw invalidSyntax("A bulk POST needs a bulkId");
      const path = resolveBulkIds(getCI(op, "path"), ids);
      if (typeof path !== "string" || !/^\/(Users|Groups)(\/[^/]+)?$/i.test(path)) throw invalidSyntax(`Bulk path ${JSON.stringify(path)} is not /Users or /Groups[/id]`);
      if (/\/bulk/i.test(path)) throw invalidSyntax("Bulk requests cannot nest");
      const data = resolveBulkIds(getCI(op, "data"), ids);
      const res = await handleScim(ctx, { method, path, query: {}, body: data, ifMatch: typeof version === "string" ? version : undefined });
      const location = (res.body as { meta?: { location?: string } } | undefined)?.meta?.location ?? (method === "DELETE" ? `${ctx.baseUrl}${path}` : undefined);
      if (method === "POST" && typeof bulkId === "string") ids.set(bulkId, (res.body as { id: string }).id);
      results.push({ ...base, ...(location ? { location } : {}), ...(res.headers?.["etag"] ? { version: res.headers["etag"] } : {}), status: String(res.status) });
    } catch (error) {
      if (!(error instanceof ScimError)) throw error;
      errors++;
      results.push({ ...base, status: String(error.status), response: error.toJSON() });
    }
  }
  return { schemas: [BULK_RESPONSE_SCHEMA], Operations: results };
}
