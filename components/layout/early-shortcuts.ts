/** What the page's first script and the command bar share on `window`. */
export type EarlyShortcuts = { pending: 'palette' | 'shortcuts' | null; live: boolean };
export const EARLY_SHORTCUTS_KEY = '__vcShortcuts';
