import { describe, expect, it } from 'vitest';
import { BENCH_BEGIN, BENCH_END, ReportMarkersError, spliceReport } from './report-splice';

const handWritten = '## Test time\n\nWritten by hand: 22 min.\n';

describe('spliceReport', () => {
  it('replaces only the text between the markers and keeps both sides byte for byte', () => {
    const before = 'intro kept\n\n';
    const doc = `${before}${BENCH_BEGIN}\n# Old report\n\nold figures\n${BENCH_END}\n\n${handWritten}`;
    const out = spliceReport(doc, '# Performance report\n\nnew figures\n');
    expect(out).toBe(
      `${before}${BENCH_BEGIN}\n# Performance report\n\nnew figures\n${BENCH_END}\n\n${handWritten}`,
    );
  });

  it('gives the same document when run twice (the markers do not pile up)', () => {
    const doc = `${BENCH_BEGIN}\nx\n${BENCH_END}\n${handWritten}`;
    const once = spliceReport(doc, 'generated');
    expect(spliceReport(once, 'generated')).toBe(once);
  });

  it('refuses a report without markers instead of overwriting it', () => {
    expect(() => spliceReport(`# Report\n\n${handWritten}`, 'generated', 'docs/X.md')).toThrow(
      ReportMarkersError,
    );
    expect(() => spliceReport(handWritten, 'generated', 'docs/X.md')).toThrow(
      /docs\/X\.md must contain exactly one .*found 0 and 0/,
    );
  });

  it('refuses a report with only one marker, a repeated marker, or the markers reversed', () => {
    expect(() => spliceReport(`${BENCH_BEGIN}\n${handWritten}`, 'g')).toThrow(/found 1 and 0/);
    expect(() => spliceReport(`${BENCH_BEGIN}\n${BENCH_BEGIN}\n${BENCH_END}\n`, 'g')).toThrow(
      /found 2 and 1/,
    );
    expect(() => spliceReport(`${BENCH_END}\nx\n${BENCH_BEGIN}\n`, 'g')).toThrow(/comes before/);
  });
});
