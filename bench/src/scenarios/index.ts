import type { Scenario } from "../scenario.ts";
import { orgGet } from "./org-get.ts";

/** Every scenario, in the order they run. */
export const SCENARIOS: Scenario[] = [orgGet];
