import { describe, expect, it } from "vitest";
import { auditActionLabel } from "./action-labels.ts";
import { AUDIT_ACTIONS } from "./actions.ts";

describe("auditActionLabel", () => {
  it("names an action by its catalog description's main clause", () => {
    expect(auditActionLabel("membership.role_change")).toBe("A member's role changed");
    expect(auditActionLabel("auth.login")).toBe("A sign-in by password");
    expect(auditActionLabel("application.catalog_update")).toBe("An application declared its product catalog");
    expect(auditActionLabel("api_key.create")).toBe("An API key was created");
  });

  it("spells out an action outside the catalog", () => {
    expect(auditActionLabel("notes.note_shared")).toBe("Notes note shared");
  });

  it("gives every catalog action a short label that is not its code", () => {
    for (const action of Object.keys(AUDIT_ACTIONS)) {
      const label = auditActionLabel(action);
      expect(label, action).not.toContain(action);
      expect(label.length, action).toBeLessThanOrEqual(110);
      expect(label.length, action).toBeGreaterThan(5);
    }
  });
});
