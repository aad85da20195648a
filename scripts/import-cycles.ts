/**
 * Import cycles among a tree's TypeScript files, found with TypeScript's own module resolution
 * (the repository's compiler options: `Bundler` resolution, the `atrium-source` condition), so a
 * workspace import such as `@atrium/core/audit` leads to the source file it names, as it does for
 * `tsc`. Every static import and export, type-only ones included, and every dynamic `import()`
 * counts. It reads each file once with `ts.preProcessFile` (a lexical scan, no parse), which
 * makes it seconds where madge took a minute.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";

// Generated code, builds and the declarations `tsc -b` writes to .tsbuild/: not sources.
const SKIPPED_DIRS = new Set(["generated", "dist", ".tsbuild", "node_modules"]);

function sourceFiles(dir: string, into: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) sourceFiles(path, into);
    } else if (/\.tsx?$/.test(entry.name)) {
      into.push(path);
    }
  }
  return into;
}

function compilerOptions(configPath: string | undefined): ts.CompilerOptions {
  if (!configPath) return { module: ts.ModuleKind.Preserve, moduleResolution: ts.ModuleResolutionKind.Bundler, allowImportingTsExtensions: true };
  const { config } = ts.readConfigFile(configPath, (path) => ts.sys.readFile(path));
  return ts.parseJsonConfigFileContent(config, ts.sys, join(configPath, "..")).options;
}

/** Each file's imports that resolve to another file of the set. */
function importGraph(files: readonly string[], options: ts.CompilerOptions): Map<string, string[]> {
  const known = new Set(files);
  const cache = ts.createModuleResolutionCache(ts.sys.getCurrentDirectory(), (name) => name, options);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
    const targets = new Set<string>();
    for (const { fileName } of importedFiles) {
      const resolved = ts.resolveModuleName(fileName, file, options, ts.sys, cache).resolvedModule?.resolvedFileName;
      if (resolved && known.has(resolved) && resolved !== file) targets.add(resolved);
    }
    graph.set(file, [...targets].sort());
  }
  return graph;
}

/** The strongly connected components of more than one file (Tarjan), each a knot of cycles. */
function knots(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, next);
    low.set(node, next++);
    stack.push(node);
    onStack.add(node);
    for (const target of graph.get(node) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(node, Math.min(low.get(node)!, low.get(target)!));
      } else if (onStack.has(target)) {
        low.set(node, Math.min(low.get(node)!, index.get(target)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) found.push(component);
    }
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);
  return found;
}

/** One cycle through a knot, from its first file (by name) back to it: the shortest, by breadth-first search. */
function cycleThrough(graph: ReadonlyMap<string, readonly string[]>, knot: readonly string[]): string[] {
  const inKnot = new Set(knot);
  const start = [...knot].sort()[0]!;
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const target of graph.get(node) ?? []) {
      if (target === start) {
        const path = [node];
        while (path[0] !== start) path.unshift(previous.get(path[0]!)!);
        return path;
      }
      if (inKnot.has(target) && !previous.has(target)) {
        previous.set(target, node);
        queue.push(target);
      }
    }
  }
  return [...knot].sort();
}

/**
 * The import cycles among the `.ts`/`.tsx` files below `paths` (relative to `baseDir`), one
 * cycle for each knot of files that import each other, as paths relative to `baseDir`
 * (`["a.ts", "b.ts"]`: a.ts imports b.ts, which imports a.ts). `tsconfig` gives the compiler
 * options to resolve with; without it, `Bundler` resolution.
 */
export function importCycles(baseDir: string, paths: readonly string[], tsconfig?: string): string[][] {
  const files = paths.flatMap((path) => sourceFiles(join(baseDir, path)));
  const graph = importGraph(files, compilerOptions(tsconfig));
  return knots(graph)
    .map((knot) => cycleThrough(graph, knot).map((file) => relative(baseDir, file)))
    .sort((a, b) => a[0]!.localeCompare(b[0]!));
}
