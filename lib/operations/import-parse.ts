import { parse as dotenvParse } from 'dotenv';

/**
 * Parses a `.env` or JSON file into name/value pairs, in the browser (the text never leaves it
 * except inside the import action's request body). Pure and client-safe.
 *
 * `.env` text is read by the `dotenv` package's own parser, so a file means here what it means to
 * the applications that load it. dotenv skips what it cannot read without a word; this module only
 * adds the words: every line dotenv reads no entry from, and every quoted value it would keep with
 * its opening quote (not closed, or text after the closing quote), is a problem on its line, and
 * such an entry is not imported.
 */
export type ImportEntry = { key: string; value: string; line: number };
export type ParseResult = { entries: ImportEntry[]; problems: string[]; lines: number };

const QUOTES = ['"', "'", '`'];

/** The lines of the text as dotenv sees them (it turns CR LF and CR into LF first). */
function splitLines(text: string): string[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function parseEnv(text: string): ParseResult {
  const lines = splitLines(text);
  const whole = dotenvParse(lines.join('\n'));
  const problems: string[] = [];
  const found: ImportEntry[] = [];
  for (let i = 0; i < lines.length; i++) {
    const trimmed = lines[i]!.trim();
    if (!trimmed || trimmed.startsWith('#')) continue;
    const alone = dotenvParse(lines[i]!);
    const [key, ...more] = Object.keys(alone);
    if (key === undefined || more.length) {
      problems.push(`Line ${i + 1}: dotenv reads no KEY=value here.`);
      continue;
    }
    const value = alone[key]!;
    const quote = QUOTES.find((q) => value.startsWith(q));
    if (quote === undefined) {
      found.push({ key, value, line: i + 1 });
      continue;
    }
    // dotenv kept the opening quote: either the value goes on over the next lines up to a line
    // that ends with the closing quote, or it is not closed (or has text after its closing quote).
    let end = -1;
    for (let j = i + 1; j < lines.length; j++) {
      const spanned = dotenvParse(lines.slice(i, j + 1).join('\n'))[key];
      if (spanned !== undefined && spanned !== value) {
        end = j;
        break;
      }
    }
    if (end === -1) {
      problems.push(
        `Line ${i + 1}: the ${quote}-quoted value for ${key} is not closed, or has text after its closing quote; not imported.`,
      );
      continue;
    }
    found.push({ key, value: dotenvParse(lines.slice(i, end + 1).join('\n'))[key]!, line: i + 1 });
    i = end;
  }
  // dotenv's reading of the whole file is the one that counts; the line-by-line walk above only
  // says where each entry came from. They never disagree; if they did, the entry is not imported.
  const entries = found.filter((e) => {
    if (whole[e.key] !== undefined && found.findLast((f) => f.key === e.key) !== e) return true;
    if (whole[e.key] === e.value) return true;
    problems.push(
      `Line ${e.line}: dotenv reads ${e.key} differently in the whole file; not imported.`,
    );
    return false;
  });
  return { ...dedupe(entries, problems), lines: lines.length };
}

function parseJsonImport(text: string): ParseResult {
  const lines = splitLines(text).length;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    return { entries: [], problems: [`Not valid JSON: ${(err as Error).message}`], lines };
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    return { entries: [], problems: ['The JSON must be an object of names to values.'], lines };
  const entries = Object.entries(parsed as Record<string, unknown>).map(([key, v]) => ({
    key,
    value: typeof v === 'string' ? v : JSON.stringify(v),
    line: 0,
  }));
  return { ...dedupe(entries, []), lines };
}

function dedupe(entries: ImportEntry[], problems: string[]) {
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
  if (!t) return { entries: [], problems: [], lines: 0 };
  return t.startsWith('{') || t.startsWith('[') ? parseJsonImport(t) : parseEnv(text);
}
