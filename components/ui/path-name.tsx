import { Fragment } from 'react';

/**
 * A slash-separated name (`northwind/postgres/primary`) that, when it has to wrap, wraps after a
 * `/` first (a <wbr> after each slash) and only breaks inside a segment as a last resort
 * (`overflow-wrap: anywhere`, for a single segment wider than the line). <wbr> adds no text, so
 * copy-paste and accessible names are unchanged.
 */
export function PathName({ name }: { name: string }) {
  const parts = name.split('/');
  return (
    <span className="wrap-anywhere">
      {parts.map((part, i) => (
        <Fragment key={i}>
          {part}
          {i < parts.length - 1 ? (
            <>
              /<wbr />
            </>
          ) : null}
        </Fragment>
      ))}
    </span>
  );
}
