import react from "@vitejs/plugin-react";
import { chunkBudget, CODE_SPLITTING, spaShell } from "@atrium/ui/vite";
import { defineConfig } from "vite";

// Served by the API at /csm/; in `npm run dev` Vite proxies API calls to it.
export default defineConfig({
  base: "/csm/",
  plugins: [react(), chunkBudget(), spaShell({ title: "Atrium Customer Success" })],
  server: {
    port: 5174,
    strictPort: true,
    proxy: { "/trpc": "http://127.0.0.1:3000" },
  },
  build: { outDir: "dist", sourcemap: true, rolldownOptions: { output: { codeSplitting: CODE_SPLITTING } } },
});
