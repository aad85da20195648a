import { useDebouncedCallback } from "@mantine/hooks";
import { useState, type ChangeEvent } from "react";

/** How long typing must pause before a text filter reaches the URL (and the server). */
const COMMIT_AFTER_MS = 300;

export interface FilterText {
  /** What the field shows now, committed or not. */
  text: string;
  /** Spread on the TextInput: its value and what typing does. */
  inputProps: { value: string; onChange(event: ChangeEvent<HTMLInputElement>): void };
  /** Empties the field and drops a commit still waiting (the page clears the URL itself). */
  clear(): void;
}

/**
 * A free-text filter of a table: the field follows every key, the URL only once typing pauses,
 * trimmed, an empty field committing `undefined` (no filter). `initial` is the URL's value when
 * the page opens.
 */
export function useFilterText(initial: string | undefined, commit: (value: string | undefined) => void): FilterText {
  const [text, setText] = useState(initial ?? "");
  const commitLater = useDebouncedCallback((value: string) => commit(value.trim() || undefined), COMMIT_AFTER_MS);
  return {
    text,
    inputProps: {
      value: text,
      onChange: (event) => {
        setText(event.currentTarget.value);
        commitLater(event.currentTarget.value);
      },
    },
    clear: () => {
      commitLater.cancel();
      setText("");
    },
  };
}
