/**
 * Parses a `.env` or JSON file into name/value pairs, in the browser (the text never leaves it
 * except inside the import action's request body). Pure and client-safe.
 */
export type ImportEntry = { key: string; value: string };
export type ParseResult = { entries: ImportEntry[]; problems: string[] };

function unquoteDouble(s: string): string {
  return s.replace(/\\([nrt"\\])/g, (_, c: string) =>
    c === 'n' ? '\n' : c === 'r' ? '\r' : c === 't' ? '\t' : c,
  );
}

function parseEnv(text: string): ParseResult {
  const entries: ImportEntry[] = [];
  const problems: string[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
    if (!m) {
      problems.push(`Line ${i + 1}: not KEY=value.`);
      continue;
    }
    const key = m[1]!;
    let value = m[2]!;
    if (value.startsWith('"')) {
      // A double-quoted value may span lines until the closing quote.
      let body = value.slice(1);
      let j = i;
      while (!/(^|[^\\])"\s*$/.test(body) && j + 1 < lines.length) body += `\n${lines[++j]}`;
      if (!/(^|[^\\])"\s*$/.test(body) && body !== '"') {
        problems.push(`Line ${i + 1}: the quoted value for ${key} is not closed.`);
        continue;
      }
      i = j;
      value = unquoteDouble(body.replace(/"\s*$/, ''));
    } else if (value.startsWith("'")) {
      if (!/'\s*$/.test(value.slice(1))) {
        problems.push(`Line ${i + 1}: the quoted value for ${key} is not closed.`);
        continue;
      }
      value = value.slice(1).replace(/'\s*$/, '');
    } else {
      value = value.replace(/\s+#.*$/, '').trim();
    }
    entries.push({ key, value });
  }
  return dedupe(entries, problems);
}

function parseJsonImport(text: string): ParseResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    return { entries: [], problems: [`Not valid JSON: ${(err as Error).message}`] };
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    return { entries: [], problems: ['The JSON must be an object of names to values.'] };
  const entries = Object.entries(parsed as Record<string, unknown>).map(([key, v]) => ({
    key,
    value: typeof v === 'string' ? v : JSON.stringify(v),
  }));
  return dedupe(entries, []);
}

function dedupe(entries: ImportEntry[], problems: string[]): ParseResult {
  const seen = new Map<string, number>();
  const out: ImportEntry[] = [];
  for (const e of entries) {
    if (seen.has(e.key)) {
      problems.push(`${e.key} appears more than once; the last one is used.`);
      out[seen.get(e.key)!] = e;
    } else {
      seen.set(e.key, out.length);
      out.push(e);
    }
  }
  return { entries: out, problems };
}

export function parseImport(text: string): ParseResult {
  const t = text.trim();
  return t.startsWith('{') || t.startsWith('[') ? parseJsonImport(t) : parseEnv(text);
}
