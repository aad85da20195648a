import { describe, expect, it } from "vitest";
import { toCsv, toCsvSections } from "./csv.ts";

describe("CSV", () => {
  it("quotes what needs quoting, doubles quotes and ends lines with CRLF", () => {
    expect(toCsv(["name", "note"], [["Ada", 'says "hi", twice'], ["Line\nbreak", null]])).toBe('name,note\r\nAda,"says ""hi"", twice"\r\n"Line\nbreak",\r\n');
  });

  it("writes numbers, big integers and dates plainly, and defuses spreadsheet formulas in text", () => {
    const at = new Date("2026-12-07T10:00:00Z");
    expect(toCsv(["a", "b", "c", "d", "e"], [[-3, 12345678901234567890n, at, "=HYPERLINK(1)", "@sum"]])).toBe(
      "a,b,c,d,e\r\n-3,12345678901234567890,2026-12-07T10:00:00.000Z,'=HYPERLINK(1),'@sum\r\n",
    );
  });

  it("puts titled sections one after another", () => {
    expect(toCsvSections([{ title: "Members", header: ["n"], rows: [[1]] }, { title: "Top, members", header: ["who"], rows: [] }])).toBe(
      'Members\r\nn\r\n1\r\n\r\n"Top, members"\r\nwho\r\n',
    );
  });
});
