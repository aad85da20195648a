/**
 * tRPC at /trpc: one Fastify route that hands the call to tRPC's
 * `resolveResponse` with a minimal request object, instead of tRPC's Fastify
 * adapter, which copies every call into a Fetch `Request` first (a URL, a
 * `Headers` holding every header, a body stream) — the largest cost left on a
 * console call in the CPU profile (bench/README.md, "org.get over tRPC").
 *
 * What stays as the adapter had it:
 * - the route is `/trpc/:path` (metrics label calls by procedure from it); every
 *   hook of the server (request id, security headers, CSRF, input guard,
 *   logging, metrics, cache invalidation) runs around it;
 * - JSON bodies reach tRPC as text (Fastify's body limit applies), any other
 *   body as the raw stream, for which the request is copied into a Fetch
 *   `Request` after all;
 * - the call's `AbortSignal` fires when the client goes away before the answer;
 * - batching, GET and POST, errors, `onError` and the context with Fastify's
 *   `req` and `res`.
 * JSON answers (every query and mutation, batched or not) go out whole: one
 * write with a Content-Length. Streamed answers (JSON lines, event streams) are
 * handed to Fastify to stream.
 */
import type { IncomingMessage } from "node:http";
import type { AnyTRPCRouter } from "@trpc/server";
import { resolveResponse } from "@trpc/server/http";
import { incomingMessageToRequest } from "@trpc/server/adapters/node-http";
import type { CreateFastifyContextOptions } from "@trpc/server/adapters/fastify";
import type { TRPCError } from "@trpc/server";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

export interface TrpcMountOptions<TRouter extends AnyTRPCRouter> {
  router: TRouter;
  createContext: (opts: CreateFastifyContextOptions) => unknown;
  onError?: (opts: { error: TRPCError; path: string | undefined; req: FastifyRequest }) => void;
}

/** The request headers as resolveResponse reads them: `get` and `has`, by lower-case name. */
class NodeHeaders {
  constructor(private readonly raw: IncomingMessage["headers"]) {}

  get(name: string): string | null {
    const value = this.raw[name.toLowerCase()];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(", ") : value;
  }

  has(name: string): boolean {
    return this.raw[name.toLowerCase()] !== undefined;
  }
}

/**
 * The members of a Fetch `Request` that resolveResponse uses: method, url, headers, signal,
 * json(); formData() and body (other content types) fall back to a real `Request`.
 */
class TrpcRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: NodeHeaders;
  readonly signal: AbortSignal;
  private fetchRequest: Request | undefined;

  constructor(private readonly req: FastifyRequest, private readonly reply: FastifyReply) {
    this.method = req.method;
    // Only the path and query are read; the host plays no part (and cannot make the URL invalid).
    this.url = `http://localhost${req.url}`;
    this.headers = new NodeHeaders(req.headers);
    this.signal = abortedWhenClientLeaves(req.raw, reply.raw);
  }

  async json(): Promise<unknown> {
    const body: unknown = this.req.body;
    if (typeof body === "string") return JSON.parse(body);
    return this.fetch().json();
  }

  formData(): Promise<FormData> {
    return this.fetch().formData();
  }

  get body(): ReadableStream<Uint8Array> | null {
    return this.fetch().body;
  }

  /** The request as a Fetch `Request`, built once and only for bodies that are not JSON. */
  private fetch(): Request {
    const raw = this.req.raw as IncomingMessage & { body?: unknown };
    if (this.req.body !== undefined) raw.body = this.req.body;
    return (this.fetchRequest ??= incomingMessageToRequest(raw, this.reply.raw, { maxBodySize: null }));
  }
}

/** An AbortSignal that fires when the request is aborted or the connection closes before the answer is written. */
function abortedWhenClientLeaves(req: IncomingMessage, res: FastifyReply["raw"]): AbortSignal {
  const controller = new AbortController();
  const onAbort = () => {
    res.off("close", onClose);
    req.off("aborted", onAbort);
    controller.abort();
  };
  const onClose = () => {
    if (res.writableEnded) {
      req.off("aborted", onAbort);
      return;
    }
    onAbort();
  };
  res.once("close", onClose);
  req.once("aborted", onAbort);
  return controller.signal;
}

/** Registers `${prefix}/:path` in its own Fastify scope, whose JSON and multipart parsers hand bodies to tRPC untouched. */
export async function registerTrpc<TRouter extends AnyTRPCRouter>(app: FastifyInstance, prefix: string, opts: TrpcMountOptions<TRouter>) {
  await app.register(
    async (scope) => {
      scope.removeContentTypeParser("application/json");
      scope.addContentTypeParser("application/json", { parseAs: "string" }, (_req, body, done) => done(null, body));
      scope.removeContentTypeParser("multipart/form-data");
      scope.addContentTypeParser("multipart/form-data", {}, (_req, body, done) => done(null, body));

      scope.all<{ Params: { path: string } }>("/:path", async (req, reply) => {
        const response = await resolveResponse({
          router: opts.router,
          path: req.params.path,
          req: new TrpcRequest(req, reply) as unknown as Request,
          error: null,
          createContext: ({ info }) => Promise.resolve(opts.createContext({ req, res: reply, info })) as never,
          onError: ({ error, path }) => opts.onError?.({ error, path, req }),
        });
        const streamed = response.headers.has("transfer-encoding") || !response.headers.get("content-type")?.startsWith("application/json");
        if (streamed) return reply.send(response);
        reply.code(response.status);
        response.headers.forEach((value, name) => void reply.header(name, value));
        return reply.send(Buffer.from(await response.arrayBuffer()));
      });
    },
    { prefix },
  );
}
