/** Types of spa-html.js (see there). */

export declare function spaHtml(title: string, entry?: string): string;

export declare function spaShell(options: { title: string; entry?: string }): {
  name: string;
  transformIndexHtml: { order: "pre"; handler(): string };
};
