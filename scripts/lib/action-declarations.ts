/**
 * Reads what each server action declares in its `defineAction` config (permission, policy,
 * matrix probe) straight from its source file, so the e2e auth matrix needs no table of its own:
 * the build's manifest says which actions exist and in which file, this says what they claim,
 * and the matrix then checks each claim against the running console.
 *
 * The config is read, not run (an action module is server-only and opens the database), so the
 * fields the matrix needs must be plain data: literals, arrays, objects, spreads, `POLICY.<preset>`,
 * and a probe `(c) => <that, over c's fields>`. A config may spread a constant object literal of
 * its own file (fields several actions share); its fields are read the same way. Anything else
 * is an error naming the file and line.
 */
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import type { MatrixFixture } from '../../lib/actions/define-action';
import { FAIL_CLOSED, POLICY, type ActionPolicy } from '../../lib/auth/step-up';

export type ActionDeclaration = {
  /** The exported name (what the build's manifest calls it). */
  exportedName: string;
  /** The config's `name` (logs, audit rows); the matrix expects it to equal exportedName. */
  name: string | null;
  file: string;
  /** Every permission listed; all are required. */
  permission: string[];
  /** The declared policy, or FAIL_CLOSED when the config declares none. */
  policy: ActionPolicy;
  policyDeclared: boolean;
  probe: ((c: MatrixFixture) => unknown) | null;
  /** The kind of approved access grant that can stand in for the permission, or null. */
  grant: string | null;
};

type Env = Record<string, unknown>;

class Unreadable extends Error {}

function where(node: ts.Node): string {
  const sf = node.getSourceFile();
  const { line } = sf.getLineAndCharacterOfPosition(node.getStart());
  return `${sf.fileName}:${line + 1}`;
}

function evaluate(node: ts.Expression, env: Env): unknown {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isNumericLiteral(node)) return Number(node.text);
  if (node.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (node.kind === ts.SyntaxKind.FalseKeyword) return false;
  if (node.kind === ts.SyntaxKind.NullKeyword) return null;
  if (
    ts.isParenthesizedExpression(node) ||
    ts.isAsExpression(node) ||
    ts.isSatisfiesExpression(node)
  )
    return evaluate(node.expression, env);
  if (ts.isArrayLiteralExpression(node)) return node.elements.map((e) => evaluate(e, env));
  if (ts.isObjectLiteralExpression(node)) {
    const out: Record<string, unknown> = {};
    for (const p of node.properties) {
      if (ts.isSpreadAssignment(p)) Object.assign(out, evaluate(p.expression, env));
      else if (
        ts.isPropertyAssignment(p) &&
        (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))
      )
        out[p.name.text] = evaluate(p.initializer, env);
      else throw new Unreadable(`${where(p)}: only plain properties and spreads can be read`);
    }
    return out;
  }
  if (ts.isTemplateExpression(node))
    return (
      node.head.text +
      node.templateSpans.map((s) => String(evaluate(s.expression, env)) + s.literal.text).join('')
    );
  if (ts.isIdentifier(node)) {
    if (node.text in env) return env[node.text];
    throw new Unreadable(`${where(node)}: ${node.text} is not something the matrix can read`);
  }
  if (ts.isPropertyAccessExpression(node)) {
    const base = evaluate(node.expression, env) as Record<string, unknown>;
    if (base === null || typeof base !== 'object' || !(node.name.text in base))
      throw new Unreadable(`${where(node)}: no ${node.getText()}`);
    return base[node.name.text];
  }
  throw new Unreadable(`${where(node)}: cannot read ${ts.SyntaxKind[node.kind]} statically`);
}

function probeOf(node: ts.Expression, env: Env): (c: MatrixFixture) => unknown {
  if (!ts.isArrowFunction(node) || ts.isBlock(node.body) || node.parameters.length > 1)
    throw new Unreadable(`${where(node)}: probe must be (c) => <an input literal>`);
  const body = node.body;
  const param = node.parameters[0]?.name.getText();
  // Evaluated once here with a sample, so an unreadable probe fails when read, not mid-matrix.
  const run = (c: MatrixFixture) => evaluate(body, param ? { ...env, [param]: c } : env);
  run({ orgId: 'org_x', objectId: 'obj_x', objectName: 'x', versionId: 'v_x' });
  return run;
}

type Locals = Map<string, ts.ObjectLiteralExpression>;

/** A file's top-level `const X = { … }` (also `as const` / `satisfies …`): shared config pieces. */
function localObjects(sf: ts.SourceFile): Locals {
  const out: Locals = new Map();
  for (const stmt of sf.statements) {
    if (!ts.isVariableStatement(stmt) || !(stmt.declarationList.flags & ts.NodeFlags.Const))
      continue;
    for (const d of stmt.declarationList.declarations) {
      let init = d.initializer;
      while (init && (ts.isAsExpression(init) || ts.isSatisfiesExpression(init)))
        init = init.expression;
      if (ts.isIdentifier(d.name) && init && ts.isObjectLiteralExpression(init))
        out.set(d.name.text, init);
    }
  }
  return out;
}

/**
 * A config's fields as written, later ones winning, with `...X` read through when X is one of
 * the file's constant object literals (a piece several actions share, e.g. a probe).
 */
function fieldsOf(config: ts.ObjectLiteralExpression, locals: Locals): Map<string, ts.Expression> {
  const out = new Map<string, ts.Expression>();
  for (const p of config.properties) {
    if (ts.isSpreadAssignment(p)) {
      const shared = ts.isIdentifier(p.expression) ? locals.get(p.expression.text) : undefined;
      if (!shared)
        throw new Unreadable(
          `${where(p)}: only a constant object literal of this file can be spread`,
        );
      for (const [k, v] of fieldsOf(shared, locals)) out.set(k, v);
    } else if (ts.isPropertyAssignment(p) && ts.isIdentifier(p.name))
      out.set(p.name.text, p.initializer);
  }
  return out;
}

function readConfig(
  exportedName: string,
  file: string,
  config: ts.ObjectLiteralExpression,
  locals: Locals,
) {
  const env: Env = { POLICY };
  const fields = fieldsOf(config, locals);
  const field = (key: string) => fields.get(key);
  const name = field('name');
  const permission = field('permission');
  const policy = field('policy');
  const probe = field('probe');
  const grant = field('grant');
  if (!permission) throw new Unreadable(`${where(config)}: ${exportedName} has no permission`);
  return {
    exportedName,
    name: name ? String(evaluate(name, env)) : null,
    file,
    permission: [evaluate(permission, env)].flat() as string[],
    policy: policy ? (evaluate(policy, env) as ActionPolicy) : FAIL_CLOSED,
    policyDeclared: Boolean(policy),
    probe: probe ? probeOf(probe, env) : null,
    grant: grant ? String(evaluate(grant, env)) : null,
  } satisfies ActionDeclaration;
}

/**
 * Every exported `defineAction(...)` in one source file, by exported name. An exported value
 * that is not a `defineAction` call maps to an Error (every action goes through defineAction).
 */
export function readActionDeclarations(
  file: string,
  source: string = readFileSync(file, 'utf8'),
): Map<string, ActionDeclaration | Error> {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found = new Map<string, ActionDeclaration | Error>();
  const locals = localObjects(sf);
  for (const stmt of sf.statements) {
    const exported = ts.canHaveModifiers(stmt)
      ? ts.getModifiers(stmt)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
      : false;
    if (!exported) continue;
    if (ts.isFunctionDeclaration(stmt) && stmt.name) {
      found.set(stmt.name.text, new Error(`${where(stmt)}: not declared through defineAction`));
      continue;
    }
    if (!ts.isVariableStatement(stmt)) continue;
    for (const d of stmt.declarationList.declarations) {
      if (!ts.isIdentifier(d.name)) continue;
      const exportedName = d.name.text;
      const init = d.initializer;
      const config =
        init && ts.isCallExpression(init) && init.expression.getText() === 'defineAction'
          ? init.arguments[0]
          : undefined;
      if (!config || !ts.isObjectLiteralExpression(config)) {
        found.set(exportedName, new Error(`${where(d)}: not declared through defineAction`));
        continue;
      }
      try {
        found.set(exportedName, readConfig(exportedName, file, config, locals));
      } catch (err) {
        if (!(err instanceof Unreadable)) throw err;
        found.set(exportedName, err);
      }
    }
  }
  return found;
}
