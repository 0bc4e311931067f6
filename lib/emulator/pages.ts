/** Tiny server-rendered pages for the browser-facing parts of the emulator (sign-in, BYOK portal). */

export function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!,
  );
}

export function hiddenFields(fields: Record<string, string | undefined>): string {
  return Object.entries(fields)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v!)}">`)
    .join('\n');
}

const STYLE = `
  :root { color-scheme: light; font-family: ui-sans-serif, system-ui, -apple-system, "Segoe UI", sans-serif; }
  body { margin: 0; background: #f4f5f7; color: #1f2328; }
  main { max-width: 440px; margin: 8vh auto; background: #fff; border: 1px solid #d8dce1; border-radius: 12px; padding: 28px 32px; box-shadow: 0 1px 2px rgba(0,0,0,.04); }
  h1 { font-size: 20px; margin: 0 0 4px; }
  p.lead { margin: 0 0 20px; color: #57606a; font-size: 14px; }
  .badge { display: inline-block; font-size: 11px; font-weight: 600; letter-spacing: .04em; text-transform: uppercase; background: #fff4d6; color: #7a5300; border: 1px solid #f0d58c; border-radius: 999px; padding: 2px 8px; margin-bottom: 14px; }
  ul { list-style: none; padding: 0; margin: 0; display: grid; gap: 8px; }
  button, .button { width: 100%; text-align: left; display: flex; flex-direction: column; gap: 2px; padding: 12px 14px; border: 1px solid #d0d7de; border-radius: 8px; background: #fff; font: inherit; cursor: pointer; }
  button:hover, button:focus-visible { border-color: #4f46e5; outline: 2px solid #c7d2fe; outline-offset: 1px; }
  .name { font-weight: 600; } .sub { font-size: 13px; color: #57606a; }
  .primary { background: #4f46e5; color: #fff; border-color: #4f46e5; align-items: center; font-weight: 600; }
  .link { background: none; border: none; color: #57606a; text-decoration: underline; padding: 8px 0; width: auto; display: inline; }
  label { display: block; font-size: 14px; font-weight: 600; margin: 14px 0 6px; }
  select, input[type=text] { width: 100%; box-sizing: border-box; padding: 9px 10px; border: 1px solid #d0d7de; border-radius: 6px; font: inherit; }
  .check { display: flex; gap: 8px; align-items: center; font-weight: 400; }
  .error { background: #fff1f0; border: 1px solid #ffccc7; color: #a8071a; padding: 12px; border-radius: 8px; font-size: 14px; }
  footer { margin-top: 18px; font-size: 12px; color: #6e7781; }
`;

export function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main>
<span class="badge">Local WorkOS emulator</span>
${body}
<footer>This page stands in for WorkOS. Nothing here talks to api.workos.com.</footer>
</main></body></html>`;
}

export function errorPage(title: string, message: string): string {
  return page(
    title,
    `<h1>${escapeHtml(title)}</h1><p class="error" role="alert">${escapeHtml(message)}</p>`,
  );
}
