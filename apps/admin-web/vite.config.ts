import react from "@vitejs/plugin-react";
import { chunkBudget, CODE_SPLITTING, spaShell } from "@atrium/ui/vite";
import { defineConfig } from "vite";

// Served by the API at /admin/; in `npm run dev` Vite proxies API calls to it.
export default defineConfig({
  base: "/admin/",
  plugins: [react(), chunkBudget(), spaShell({ title: "Atrium Admin" })],
  server: {
    port: 5173,
    strictPort: true,
    proxy: { "/trpc": "http://127.0.0.1:3000", "/api": "http://127.0.0.1:3000" },
  },
  build: { outDir: "dist", sourcemap: true, rolldownOptions: { output: { codeSplitting: CODE_SPLITTING } } },
});
