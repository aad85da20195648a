import { describe, expect, it } from "vitest";
import { spaHtml, spaShell } from "./spa-html.js";

describe("the SPAs' page shell", () => {
  it("is one page with the app's title, the root element and the entry module", () => {
    const html = spaHtml("Atrium Admin");
    expect(html).toContain("<title>Atrium Admin</title>");
    expect(html).toContain('<div id="root"></div>');
    expect(html).toContain('<script type="module" src="/src/main.tsx"></script>');
    expect(html).toContain('<meta name="color-scheme" content="light" />');
    expect(spaHtml("Atrium Customer Success").replace("Customer Success", "Admin")).toBe(html);
  });

  it("escapes the title", () => {
    expect(spaHtml(`R&D <"beta">`)).toContain("<title>R&amp;D &lt;&quot;beta&quot;&gt;</title>");
  });

  it("replaces index.html before Vite reads its scripts", () => {
    const plugin = spaShell({ title: "Atrium Admin" });
    expect(plugin.transformIndexHtml.order).toBe("pre");
    expect(plugin.transformIndexHtml.handler()).toBe(spaHtml("Atrium Admin"));
  });
});
