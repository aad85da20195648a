// Regenerates src/generated/v1.d.ts from apps/api/openapi/v1.json.
import { writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { generateTypes, TYPES_URL } from "./types.ts";

await writeFile(TYPES_URL, await generateTypes());
console.log(`wrote ${fileURLToPath(TYPES_URL)}`);
