/**
 * Who may give whom which role. Owners alone grant or take away ownership;
 * nobody grants a role with permissions they do not hold themselves.
 */
import { rolePermissions, type Role, type SystemRoleName } from "@atrium/rbac";
import { AppError } from "../errors.ts";

export function assertMayAssign(
  actorRole: SystemRoleName | null,
  actorPermissions: ReadonlySet<string>,
  target: Role,
  current?: SystemRoleName | null,
): void {
  if ((target === "owner" || current === "owner") && actorRole !== "owner") {
    throw new AppError("FORBIDDEN", { userMessage: "Only an owner can grant or take away the owner role." });
  }
  const beyond = [...rolePermissions(target)].filter((p) => !actorPermissions.has(p));
  if (beyond.length && target !== "owner") {
    throw new AppError("FORBIDDEN", {
      message: `role exceeds the actor's permissions: ${beyond.join(", ")}`,
      userMessage: "You cannot give a role with permissions you do not hold yourself.",
    });
  }
}
