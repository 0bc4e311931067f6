export function ContextChips({ pairs }: { pairs: [string, string][] }) {
  if (pairs.length === 0) return null;
  return (
    <ul className="flex flex-wrap gap-1" aria-label="Other key-context pairs">
      {pairs.map(([k, v]) => (
        <li
          key={k}
          className="rounded bg-slate-100 px-1.5 py-0.5 font-mono max-sm:wrap-anywhere text-[11px] text-slate-700 ring-1 ring-slate-200 ring-inset"
        >
          {k}={v.length > 40 ? `${v.slice(0, 40)}…` : v}
        </li>
      ))}
    </ul>
  );
}
