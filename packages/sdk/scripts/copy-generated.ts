// Part of `build`: tsc emits no .d.ts inputs, so the generated types are copied beside the emitted declarations.
import { cpSync } from "node:fs";

cpSync(new URL("../src/generated", import.meta.url), new URL("../dist/generated", import.meta.url), { recursive: true });
