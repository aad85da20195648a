/**
 * The OpenAPI document of /v1, generated from the routes' zod schemas by the
 * same registration the server runs — without a database, since generating
 * it reads no data. `npm run openapi -w @atrium/api` writes it to
 * apps/api/openapi/v1.json; document.test.ts fails when the two differ.
 */
import type { Db } from "@atrium/db";
import Fastify from "fastify";
import { registerV1 } from "./index.ts";

export const V1_DOCUMENT_PATH = new URL("../../../openapi/v1.json", import.meta.url);

/** A database that refuses every use: the document must not depend on data. */
const noDatabase = new Proxy({} as Db, {
  get(_target, property) {
    throw new Error(`generating the OpenAPI document touched the database (${String(property)})`);
  },
});

export async function generateV1Document(): Promise<unknown> {
  const app = Fastify({ logger: false });
  try {
    const v1 = await registerV1(app, { db: noDatabase, publicUrl: "http://localhost" });
    await app.ready();
    return JSON.parse(JSON.stringify(v1.document()));
  } finally {
    await app.close();
  }
}

/** The document as committed: two-space JSON with a final newline. */
export const formatDocument = (document: unknown) => `${JSON.stringify(document, null, 2)}\n`;
