/**
 * `npm run bench` owns only one part of docs/PERFORMANCE.md: the text between two marker comments.
 * Everything outside them (hand-written breakdowns, test time, tenant, activity, deploy) is kept
 * byte for byte. A report without exactly one pair of markers, in order, is refused rather than
 * overwritten.
 */
export const BENCH_BEGIN = '<!-- npm run bench: begin -->';
export const BENCH_END = '<!-- npm run bench: end -->';

export class ReportMarkersError extends Error {
  override name = 'ReportMarkersError';
}

const count = (text: string, marker: string) => text.split(marker).length - 1;

/** Throws a ReportMarkersError naming the problem when `doc` cannot take a generated block. */
export function checkMarkers(doc: string, file = 'the report'): void {
  const begins = count(doc, BENCH_BEGIN);
  const ends = count(doc, BENCH_END);
  if (begins !== 1 || ends !== 1) {
    throw new ReportMarkersError(
      `${file} must contain exactly one "${BENCH_BEGIN}" and one "${BENCH_END}" line (found ${begins} and ${ends}); npm run bench writes only between them and will not overwrite hand-written text. Put the markers around the generated part and run again.`,
    );
  }
  if (doc.indexOf(BENCH_BEGIN) > doc.indexOf(BENCH_END)) {
    throw new ReportMarkersError(
      `${file}: "${BENCH_END}" comes before "${BENCH_BEGIN}"; put the begin marker first.`,
    );
  }
}

/**
 * `doc` with the text between the markers replaced by `generated`. The markers stay on lines of
 * their own; what comes before the begin marker and after the end marker is returned unchanged.
 */
export function spliceReport(doc: string, generated: string, file?: string): string {
  checkMarkers(doc, file);
  const head = doc.slice(0, doc.indexOf(BENCH_BEGIN) + BENCH_BEGIN.length);
  const tail = doc.slice(doc.indexOf(BENCH_END));
  const body = generated.replace(/^\n+|\n+$/g, '');
  return `${head}\n${body}\n${tail}`;
}
