export { chartDefaults, type ChartDefaults, type ChartDefaultsInput } from "./chart-defaults.ts";
export { niceTicks, type NiceTicksOptions } from "./nice-ticks.ts";
