export function EmptyState({
  title,
  children,
  actions,
}: {
  title: string;
  children?: React.ReactNode;
  actions?: React.ReactNode;
}) {
  return (
    <div className="px-6 py-12 text-center">
      <p className="text-sm font-semibold text-slate-900">{title}</p>
      {children ? (
        <div className="mx-auto mt-2 max-w-md text-sm text-slate-600">{children}</div>
      ) : null}
      {actions ? <div className="mt-5 flex justify-center gap-2">{actions}</div> : null}
    </div>
  );
}
