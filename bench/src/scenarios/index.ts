import type { Scenario } from "../scenario.ts";
import { orgGet } from "./org-get.ts";
import { v1Authorize } from "./v1-authorize.ts";

/** Every scenario, in the order they run. */
export const SCENARIOS: Scenario[] = [orgGet, v1Authorize];
