/** Display names shared by both SPAs. */
export const PLAN_LABELS = { free: "Free", team: "Team", business: "Business", enterprise: "Enterprise" } as const;
export const PLAN_COLORS = { free: "gray", team: "teal", business: "blue", enterprise: "grape" } as const;
export const REGION_LABELS = {
  us: "United States",
  eu: "European Union",
  uk: "United Kingdom",
  ca: "Canada",
  au: "Australia",
  jp: "Japan",
} as const;
export const ROLE_LABELS = { owner: "Owner", admin: "Admin", member: "Member", viewer: "Viewer" } as const;
