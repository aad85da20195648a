/**
 * The typeface of every PDF Atrium renders: Inter (the consoles' font), embedded
 * from the `typeface-inter` package (SIL Open Font License 1.1; its WOFF files
 * hold the whole font, and fontkit subsets WOFF but not WOFF2). The PDF standard 14
 * fonts (Helvetica…) only cover WinAnsi, so "→", "≥" or a non-Latin customer
 * name came out as mojibake; an embedded font draws (and lets a reader copy)
 * every glyph Inter has. pdfkit subsets it: only the glyphs used are stored.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

export const FONT = { regular: "Inter", bold: "Inter-Bold", mono: "Courier" } as const;

let files: { regular: Buffer; bold: Buffer } | null = null;

/** The font files, read once per process. */
function fontFiles(): { regular: Buffer; bold: Buffer } {
  files ??= {
    regular: readFileSync(require.resolve("typeface-inter/Inter Web/Inter-Regular.woff")),
    bold: readFileSync(require.resolve("typeface-inter/Inter Web/Inter-Bold.woff")),
  };
  return files;
}

/** Registers Inter (regular and bold) on a document and makes regular the current font. */
export function useInter(doc: PDFKit.PDFDocument): void {
  const { regular, bold } = fontFiles();
  doc.registerFont(FONT.regular, regular);
  doc.registerFont(FONT.bold, bold);
  doc.font(FONT.regular);
}
