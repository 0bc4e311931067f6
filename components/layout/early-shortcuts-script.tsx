import { headers } from 'next/headers';
import { EARLY_SHORTCUTS_KEY } from './early-shortcuts';

// Runs as soon as the header is parsed, long before React hydrates: a Ctrl+K, "/" or "?" pressed
// while the page is still loading is kept (and the browser's own Ctrl+K is held back), and the
// command bar opens it once it is live. Plain ES5 in a string: it is not bundled.
const SCRIPT = `(function(){var w=window;if(w.${EARLY_SHORTCUTS_KEY})return;var s=w.${EARLY_SHORTCUTS_KEY}={pending:null,live:false};
w.addEventListener('keydown',function(e){if(s.live||e.defaultPrevented)return;var t=e.target,k=(e.key||'').toLowerCase(),
typing=t&&(t.isContentEditable||/^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName||''));
if((e.metaKey||e.ctrlKey)&&!e.altKey&&k==='k'){e.preventDefault();s.pending='palette';}
else if(!e.metaKey&&!e.ctrlKey&&!e.altKey&&!typing&&!document.querySelector('dialog[open]')){
if(e.key==='/'){e.preventDefault();s.pending='palette';}else if(e.key==='?'){e.preventDefault();s.pending='shortcuts';}}
if(s.pending)document.documentElement.setAttribute('data-shortcut-pending',s.pending);},true);})();`;

/** The inline script that keeps keyboard shortcuts pressed before hydration (CSP nonce from the proxy). */
export async function EarlyShortcutsScript() {
  const nonce = (await headers()).get('x-nonce') ?? undefined;
  return <script nonce={nonce} dangerouslySetInnerHTML={{ __html: SCRIPT }} />;
}
