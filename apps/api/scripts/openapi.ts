// Regenerates apps/api/openapi/v1.json from the /v1 routes' zod schemas.
import { writeFile } from "node:fs/promises";
import { formatDocument, generateV1Document, V1_DOCUMENT_PATH } from "../src/rest/v1/document.ts";

await writeFile(V1_DOCUMENT_PATH, formatDocument(await generateV1Document()));
console.log(`wrote ${V1_DOCUMENT_PATH.pathname}`);
