/**
 * Part of `npm run lint`: fails on leftovers that eslint cannot see.
 *
 * 1. Stray files at the repository root (scratch scripts, notes, data a run left behind): only
 *    the files listed in ROOT_FILES and the folders in ROOT_DIRS may live there.
 * 2. Unused exports: an exported value (not a type) no other module imports, re-exports or loads dynamically. Either
 *    use it, stop exporting it, or delete it. Framework entry points (Next's page/route/layout
 *    files, config files, tests) are exempt because something outside the program imports them.
 *
 * Uses the TypeScript compiler API on the project's own tsconfig, so no extra dependency.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import ts from 'typescript';

const ROOT = process.cwd();

const ROOT_FILES = new Set([
  '.env.example',
  '.gitignore',
  '.nvmrc',
  '.prettierignore',
  '.prettierrc.json',
  'CONTRIBUTING.md',
  'README.md',
  'eslint.config.mjs',
  'instrumentation.ts',
  'next-env.d.ts',
  'next.config.ts',
  'package-lock.json',
  'package.json',
  'playwright.config.ts',
  'postcss.config.mjs',
  'proxy.ts',
  'tsconfig.json',
  'vercel.json',
  'vitest.config.ts',
]);

/** Top-level folders; anything else (a data directory a run left behind, say) is stray. */
const ROOT_DIRS = new Set(['.ci', 'app', 'components', 'docs', 'e2e', 'lib', 'public', 'scripts']);

/** Modules something outside the TypeScript program loads by convention: their exports count. */
const ENTRY_POINTS = [
  /^app\/.*\/?(page|layout|route|loading|error|global-error|not-found|forbidden|unauthorized|template|default)\.tsx?$/,
  /^app\/(page|layout|forbidden|not-found|global-error)\.tsx$/,
  // Metadata files Next serves by convention (robots.txt).
  /^app\/robots\.ts$/,
  /\.(test|spec)\.tsx?$/,
  /^e2e\/auth\.setup\.ts$/,
  /^(proxy|instrumentation|next\.config|playwright\.config|vitest\.config)\.ts$/,
  // The emulator's public entry point: its exports are the package's API.
  /^lib\/emulator\/index\.ts$/,
];

/**
 * Exports kept on purpose although nothing imports them yet. Keep this short; say why.
 * file → export names.
 */
const ALLOWED_UNUSED: Record<string, string[]> = {
  // Loaded by `npm run build` through a computed import, so the bundled launcher never pulls in esbuild.
  'scripts/lib/launcher-bundle.ts': ['bundleLauncher', 'LAUNCHER_BUNDLE'],
};

function listFiles(): string[] {
  return execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
    encoding: 'utf8',
  })
    .split('\n')
    .filter(Boolean);
}

function strayRootFiles(files: string[]): string[] {
  const stray = new Set<string>();
  for (const f of files) {
    const slash = f.indexOf('/');
    if (slash < 0 ? !ROOT_FILES.has(f) : !ROOT_DIRS.has(f.slice(0, slash)))
      stray.add(slash < 0 ? f : `${f.slice(0, slash)}/`);
  }
  return [...stray];
}

function unusedExports(files: string[]): string[] {
  const configPath = ts.findConfigFile(ROOT, ts.sys.fileExists, 'tsconfig.json')!;
  const parsed = ts.parseJsonConfigFileContent(
    ts.readConfigFile(configPath, ts.sys.readFile).config,
    ts.sys,
    ROOT,
  );
  const existing = new Set(files);
  const sources = parsed.fileNames.filter((f) => {
    const rel = path.relative(ROOT, f);
    return existing.has(rel) && !rel.endsWith('.d.ts');
  });
  const program = ts.createProgram(sources, parsed.options);
  const checker = program.getTypeChecker();

  const resolve = (spec: string, from: string): string | null => {
    const r = ts.resolveModuleName(spec, from, parsed.options, ts.sys).resolvedModule;
    if (!r || r.isExternalLibraryImport) return null;
    return path.relative(ROOT, r.resolvedFileName);
  };

  const used = new Map<string, Set<string>>(); // file → names ('*' = all)
  const mark = (file: string | null, name: string) => {
    if (!file) return;
    if (!used.has(file)) used.set(file, new Set());
    used.get(file)!.add(name);
  };

  for (const sf of program.getSourceFiles()) {
    if (sf.isDeclarationFile || sf.fileName.includes('node_modules')) continue;
    const visit = (node: ts.Node) => {
      if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
        const target = resolve(node.moduleSpecifier.text, sf.fileName);
        const clause = node.importClause;
        if (!clause) mark(target, '*');
        else {
          if (clause.name) mark(target, 'default');
          const b = clause.namedBindings;
          if (b && ts.isNamespaceImport(b)) mark(target, '*');
          if (b && ts.isNamedImports(b))
            for (const el of b.elements) mark(target, (el.propertyName ?? el.name).text);
        }
      } else if (
        ts.isExportDeclaration(node) &&
        node.moduleSpecifier &&
        ts.isStringLiteral(node.moduleSpecifier)
      ) {
        const target = resolve(node.moduleSpecifier.text, sf.fileName);
        const clause = node.exportClause;
        if (!clause || ts.isNamespaceExport(clause)) mark(target, '*');
        else for (const el of clause.elements) mark(target, (el.propertyName ?? el.name).text);
      } else if (
        ts.isCallExpression(node) &&
        node.arguments.length > 0 &&
        ts.isStringLiteral(node.arguments[0]!) &&
        (node.expression.kind === ts.SyntaxKind.ImportKeyword ||
          (ts.isPropertyAccessExpression(node.expression) &&
            ['mock', 'doMock', 'importActual'].includes(node.expression.name.text)))
      ) {
        // import('./x'), vi.mock('./x'): the whole module is in use.
        mark(resolve((node.arguments[0] as ts.StringLiteral).text, sf.fileName), '*');
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }

  const problems: string[] = [];
  for (const sf of program.getSourceFiles()) {
    const rel = path.relative(ROOT, sf.fileName);
    if (sf.isDeclarationFile || rel.startsWith('node_modules') || rel.startsWith('..')) continue;
    if (ENTRY_POINTS.some((re) => re.test(rel))) continue;
    const moduleSymbol = checker.getSymbolAtLocation(sf);
    if (!moduleSymbol) continue; // a script with no exports
    const names = used.get(rel) ?? new Set<string>();
    if (names.has('*')) continue;
    for (const exp of checker.getExportsOfModule(moduleSymbol)) {
      const name = exp.getName();
      // Exported types document a module's shapes and cost nothing at run time; values only.
      const target = exp.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exp) : exp;
      if (!(target.flags & ts.SymbolFlags.Value)) continue;
      if (names.has(name) || ALLOWED_UNUSED[rel]?.includes(name)) continue;
      problems.push(`${rel}: export ${name} is never imported`);
    }
  }
  return problems;
}

const files = listFiles();
const problems = [
  ...strayRootFiles(files).map((f) => `${f}: stray file at the repository root`),
  ...unusedExports(files),
];
if (problems.length) {
  console.error(`lint-leftovers: ${problems.length} problem(s)\n  ${problems.join('\n  ')}`);
  console.error(
    'Delete what is unused, stop exporting what only its own module uses, or list it with a reason in scripts/lint-leftovers.ts.',
  );
  process.exit(1);
}
console.log('lint-leftovers: no stray root files, no unused exports');
