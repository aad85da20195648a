/**
 * The committed types (src/generated/v1.d.ts) must be what openapi-typescript
 * makes of the committed OpenAPI document: when apps/api's routes change the
 * document, this fails until `npm run generate -w @atrium/sdk` is run.
 */
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { generateTypes, TYPES_URL } from "../scripts/types.ts";

describe("generated /v1 types", () => {
  it("match the OpenAPI document (npm run generate -w @atrium/sdk)", async () => {
    expect(await readFile(TYPES_URL, "utf8")).toBe(await generateTypes());
  });
});
