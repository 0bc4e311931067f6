/**
 * The run-time import graph of the project's TypeScript, and its cycles at file and at folder
 * level. Run-time means what survives compilation: `import type`, imports whose every name is
 * marked `type`, `export type … from` and dynamic `import()` (loaded lazily, after both modules
 * exist) are left out. Only the project's own files count: relative and `@/` specifiers.
 */
import ts from 'typescript';

export type ImportGraph = Map<string, Set<string>>;

const EXTENSIONS = ['.ts', '.tsx', '.mts', '.mjs', '.js'];

/** Run-time specifiers a file imports or re-exports. */
export function runtimeSpecifiers(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false);
  const out: string[] = [];
  for (const stmt of source.statements) {
    if (ts.isImportDeclaration(stmt) && ts.isStringLiteral(stmt.moduleSpecifier)) {
      const clause = stmt.importClause;
      if (clause?.isTypeOnly) continue;
      const named = clause?.namedBindings;
      const allTypes =
        clause &&
        !clause.name &&
        named &&
        ts.isNamedImports(named) &&
        named.elements.length > 0 &&
        named.elements.every((e) => e.isTypeOnly);
      if (allTypes) continue;
      out.push(stmt.moduleSpecifier.text);
    } else if (
      ts.isExportDeclaration(stmt) &&
      stmt.moduleSpecifier &&
      ts.isStringLiteral(stmt.moduleSpecifier)
    ) {
      if (stmt.isTypeOnly) continue;
      const clause = stmt.exportClause;
      if (clause && ts.isNamedExports(clause) && clause.elements.every((e) => e.isTypeOnly))
        continue;
      out.push(stmt.moduleSpecifier.text);
    }
  }
  return out;
}

/** The project file a specifier names, or null (a package, or nothing). Paths are `/`-separated. */
function resolveSpecifier(
  from: string,
  specifier: string,
  exists: (file: string) => boolean,
): string | null {
  let base: string;
  if (specifier.startsWith('@/')) base = specifier.slice(2);
  else if (specifier.startsWith('./') || specifier.startsWith('../')) {
    const parts = from.split('/').slice(0, -1);
    for (const seg of specifier.split('/')) {
      if (seg === '.') continue;
      if (seg === '..') parts.pop();
      else parts.push(seg);
    }
    base = parts.join('/');
  } else return null;
  const candidates = [
    base,
    ...EXTENSIONS.map((e) => base + e),
    ...EXTENSIONS.map((e) => `${base}/index${e}`),
  ];
  return candidates.find((c) => /\.(m?ts|tsx|m?js)$/.test(c) && exists(c)) ?? null;
}

/** file → the project files it imports at run time. */
export function buildGraph(files: Map<string, string>): ImportGraph {
  const graph: ImportGraph = new Map();
  for (const [file, text] of files) {
    const edges = new Set<string>();
    for (const spec of runtimeSpecifiers(file, text)) {
      const to = resolveSpecifier(file, spec, (f) => files.has(f));
      if (to && to !== file) edges.add(to);
    }
    graph.set(file, edges);
  }
  return graph;
}

/**
 * The folder a file counts in: its first two path segments (`lib/index`, `components/ui`,
 * `app/(console)`); a file directly under a top folder is a room of its own (`lib/orgs`).
 */
export function folderOf(file: string): string {
  const parts = file.split('/');
  if (parts.length <= 2) return file.replace(/\.[^.]+$/, '');
  return parts.slice(0, 2).join('/');
}

/** The graph between folders (`unit`), over the files `include` keeps. */
export function collapse(
  graph: ImportGraph,
  unit: (file: string) => string,
  include: (file: string) => boolean = () => true,
): ImportGraph {
  const out: ImportGraph = new Map();
  for (const [from, tos] of graph) {
    if (!include(from)) continue;
    const a = unit(from);
    const set = out.get(a) ?? new Set<string>();
    out.set(a, set);
    for (const to of tos) {
      if (!include(to)) continue;
      const b = unit(to);
      if (b !== a) set.add(b);
    }
  }
  return out;
}

/** Strongly connected components of more than one node (Tarjan), each sorted, largest first. */
export function cycles(graph: ImportGraph): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) out.push(scc.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!idx.has(v)) visit(v);
  return out.sort((a, b) => b.length - a.length || a[0]!.localeCompare(b[0]!));
}

/** One edge inside a cycle per pair of members, to say where it closes. */
export function edgesWithin(graph: ImportGraph, members: string[]): string[] {
  const inside = new Set(members);
  const out: string[] = [];
  for (const from of members)
    for (const to of graph.get(from) ?? []) if (inside.has(to)) out.push(`${from} → ${to}`);
  return out;
}
