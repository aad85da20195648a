/** The sandbox's public, development-only key pairs (see keys/README.md). */
import { readFileSync } from "node:fs";

const read = (name: string) => readFileSync(new URL(`../keys/${name}`, import.meta.url), "utf8");

export type SandboxKeyName = "idp" | "idp-next" | "attacker";

export function sandboxKeys(name: SandboxKeyName): { privateKey: string; certificate: string } {
  return { privateKey: read(`${name}.key.pem`), certificate: read(`${name}.cert.pem`) };
}
