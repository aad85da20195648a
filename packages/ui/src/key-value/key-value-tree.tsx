import { Anchor, Box, Button, CopyButton, Text } from "@mantine/core";
import { useState } from "react";
import { describeValue, storedJson, type KeyValueNode } from "./model.ts";

export interface KeyValueTreeProps {
  /** Any stored JSON value; an object reads as its fields, an array as a list, a scalar as its text. */
  value: unknown;
  /** What the values are ("Details", "Before"): the accessible name of the view. */
  label: string;
  /** Text longer than this many characters is cut, the full text on hover and behind "Show all". */
  truncateAt?: number;
}

const INDENT = { paddingLeft: "var(--mantine-spacing-sm)", borderLeft: "2px solid var(--mantine-color-default-border)" } as const;

/**
 * A stored JSON value as a person reads it, every field kept: keys as stored (monospace, so an
 * auditor matches them to the JSON), nested objects indented under their key, arrays as numbered
 * lists, dates and numbers through the format module with the stored value on hover, and long
 * text cut with the whole of it on hover and one click away. Never widens its container.
 * For the exact JSON, pair it with `CopyJsonButton`.
 */
export function KeyValueTree({ value, label, truncateAt = 160 }: KeyValueTreeProps) {
  return (
    <Box role="group" aria-label={label} miw={0}>
      <NodeView node={describeValue(value)} name={label} truncateAt={truncateAt} />
    </Box>
  );
}

function NodeView({ node, name, truncateAt }: { node: KeyValueNode; name: string; truncateAt: number }) {
  if (node.kind === "text") return <TextValue node={node} name={name} truncateAt={truncateAt} />;
  if (node.kind === "list") {
    return (
      <Box component="ol" m={0} pl="lg" miw={0}>
        {node.items.map((item, i) => (
          <li key={i}>
            <NodeView node={item} name={`${name} item ${i + 1}`} truncateAt={truncateAt} />
          </li>
        ))}
      </Box>
    );
  }
  return (
    <Box component="dl" m={0} miw={0}>
      {node.entries.map(({ key, node: child }) =>
        child.kind === "text" ? (
          <Box key={key} style={{ display: "grid", gridTemplateColumns: "minmax(6rem, 35%) minmax(0, 1fr)", gap: "var(--mantine-spacing-xs)" }} py={2}>
            <Text component="dt" size="sm" ff="monospace" c="dimmed" style={{ overflowWrap: "anywhere" }}>{key}</Text>
            <Box component="dd" m={0} miw={0}>
              <TextValue node={child} name={key} truncateAt={truncateAt} />
            </Box>
          </Box>
        ) : (
          <Box key={key} py={2}>
            <Text component="dt" size="sm" ff="monospace" c="dimmed" style={{ overflowWrap: "anywhere" }}>{key}</Text>
            <Box component="dd" m={0} mt={2} miw={0} style={INDENT}>
              <NodeView node={child} name={key} truncateAt={truncateAt} />
            </Box>
          </Box>
        ),
      )}
    </Box>
  );
}

function TextValue({ node, name, truncateAt }: { node: Extract<KeyValueNode, { kind: "text" }>; name: string; truncateAt: number }) {
  const [expanded, setExpanded] = useState(false);
  const long = node.text.length > truncateAt;
  const shown = long && !expanded ? `${node.text.slice(0, truncateAt)}…` : node.text;
  return (
    <Text
      size="sm"
      component="span"
      c={node.dim ? "dimmed" : undefined}
      title={node.exact ?? (long ? node.text : undefined)}
      style={{ overflowWrap: "anywhere", whiteSpace: "pre-wrap" }}
    >
      {shown}
      {long && (
        <Anchor component="button" type="button" size="xs" ml={6} aria-expanded={expanded} aria-label={`${expanded ? "Show less" : "Show all"} of ${name}`} onClick={() => setExpanded(!expanded)}>
          {expanded ? "Show less" : "Show all"}
        </Anchor>
      )}
    </Text>
  );
}

/** Copies the exact stored JSON (indented) for a ticket or a SIEM; the page itself never shows it. */
export function CopyJsonButton({ value, label = "Copy as JSON" }: { value: unknown; label?: string }) {
  return (
    <CopyButton value={storedJson(value)}>
      {({ copied, copy }) => (
        <Button size="xs" variant="default" onClick={copy}>
          {copied ? "Copied" : label}
        </Button>
      )}
    </CopyButton>
  );
}
