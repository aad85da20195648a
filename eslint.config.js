import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["**/dist/**", "**/node_modules/**", "**/src/generated/**", "**/.data/**", "**/.tsbuild/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Read configuration through the package's env.ts." },
      ],
    },
  },
  {
    files: ["**/env.ts", "**/*.test.ts", "**/global-setup.ts", "**/prisma.config.ts", "scripts/**", "**/scripts/**"],
    rules: { "no-restricted-properties": "off" },
  },
  {
    // @atrium/core has one entry point per domain (`@atrium/core/audit`, ...; see its package.json exports).
    ignores: ["packages/core/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [{ name: "@atrium/core", message: "Import from the domain's entry point, e.g. @atrium/core/audit." }],
          patterns: [{ group: ["@atrium/core/src", "@atrium/core/src/**"], message: "Import from the domain's entry point, not core's files." }],
        },
      ],
    },
  },
  {
    files: ["apps/*-web/src/**/*.tsx", "packages/ui/src/**/*.tsx"],
    plugins: { "react-hooks": reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
);
