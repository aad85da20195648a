import { isValidCidr } from "@atrium/rbac";

/** A CIDR range or a single address (which the server stores as a /32 or /128). */
export const isRangeOrAddress = (value: string) => {
  const v = value.trim();
  return isValidCidr(v) || (!v.includes("/") && (isValidCidr(`${v}/32`) || isValidCidr(`${v}/128`)));
};
