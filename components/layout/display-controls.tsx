'use client';

import type { ThemePref } from '@/lib/ui-prefs';
import { useDisplayPrefs } from '@/components/prefs/display-prefs';

const selectClass =
  'w-full rounded-md bg-slate-800 px-2 py-1.5 text-sm text-slate-100 ring-1 ring-slate-600 focus-visible:outline-2 focus-visible:outline-indigo-400';

/** Theme and time-zone pickers for the (always dark) sidebar and drawer. */
export function DisplayControls() {
  const { theme, setTheme, time, setTimeMode } = useDisplayPrefs();
  return (
    <div className="grid gap-2 px-3 text-xs text-slate-300">
      <label className="grid gap-1">
        <span>Theme</span>
        <select
          className={selectClass}
          value={theme}
          onChange={(e) => setTheme(e.target.value as ThemePref)}
        >
          <option value="system">Same as system</option>
          <option value="light">Light</option>
          <option value="dark">Dark</option>
        </select>
      </label>
      <label className="grid gap-1">
        <span>Times shown in</span>
        <select
          className={selectClass}
          value={time.mode}
          onChange={(e) => setTimeMode(e.target.value as 'utc' | 'local')}
        >
          <option value="utc">UTC</option>
          <option value="local">Local time{time.mode === 'local' ? ` (${time.zone})` : ''}</option>
        </select>
      </label>
    </div>
  );
}
