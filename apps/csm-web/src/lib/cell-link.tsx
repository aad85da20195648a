import { Anchor, type AnchorProps } from "@mantine/core";
import type { ReactNode } from "react";

/** Mantine's own type for `renderRoot`: it spreads its props, whatever they are, on the root. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type RenderRoot = (props: any) => ReactNode;

/**
 * A table cell's link to a row's own page (a customer, a ticket): one line clipped with an
 * ellipsis, the full text on hover, like every other DataTable cell. `renderRoot` renders the
 * router's Link (`(props) => <Link {...props} to=… params=… />`), so the address stays typed
 * where it is written.
 */
export function CellLink({ text, renderRoot, ...style }: { text: string; renderRoot: RenderRoot } & Pick<AnchorProps, "fw" | "pl">) {
  return (
    <Anchor size="sm" display="block" truncate="end" title={text} renderRoot={renderRoot} {...style}>
      {text}
    </Anchor>
  );
}
