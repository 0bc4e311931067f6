/** Formatting shared by server and client components. */

export function formatRelative(date: Date, now: number = Date.now()): string {
  const seconds = Math.round((now - date.getTime()) / 1000);
  const abs = Math.abs(seconds);
  const suffix = seconds >= 0 ? 'ago' : 'from now';
  if (abs < 5) return 'just now';
  if (abs < 60) return `${abs} s ${suffix}`;
  const minutes = Math.round(abs / 60);
  if (minutes < 60) return `${minutes} min ${suffix}`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ${suffix}`;
  const days = Math.round(hours / 24);
  return `${days} days ${suffix}`;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

export function formatCount(n: number): string {
  return new Intl.NumberFormat('en-US').format(n);
}

/** Context pairs other than organization_id, for display next to a name. */
export function extraContextPairs(context: Record<string, string>): [string, string][] {
  return Object.entries(context)
    .filter(([k]) => k !== 'organization_id')
    .sort(([a], [b]) => a.localeCompare(b));
}

/** "1 object", "14 objects". */
export function plural(n: number, word: string, pluralWord = `${word}s`): string {
  return `${formatCount(n)} ${n === 1 ? word : pluralWord}`;
}
