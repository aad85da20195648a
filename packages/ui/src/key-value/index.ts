export { CopyJsonButton, KeyValueTree, type KeyValueTreeProps } from "./key-value-tree.tsx";
export { describeValue, sameValue, storedJson, type KeyValueNode } from "./model.ts";
