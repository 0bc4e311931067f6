'use client';

import { createContext, useCallback, useContext, useMemo, useState } from 'react';
import {
  PREF_COOKIE_MAX_AGE,
  serializeTimePref,
  THEME_COOKIE,
  TIME_COOKIE,
  type ThemePref,
  type TimePref,
} from '@/lib/ui-prefs';

type DisplayPrefs = {
  theme: ThemePref;
  setTheme: (t: ThemePref) => void;
  time: TimePref;
  setTimeMode: (mode: 'utc' | 'local') => void;
};

const Ctx = createContext<DisplayPrefs | null>(null);

function writeCookie(name: string, value: string | null) {
  const secure = location.protocol === 'https:' ? '; secure' : '';
  document.cookie =
    value === null
      ? `${name}=; path=/; max-age=0; samesite=lax${secure}`
      : `${name}=${encodeURIComponent(value)}; path=/; max-age=${PREF_COOKIE_MAX_AGE}; samesite=lax${secure}`;
}

/** Theme and time-zone choices; the server read the same cookies for the first render. */
export function DisplayPrefsProvider({
  initialTheme,
  initialTime,
  children,
}: {
  initialTheme: ThemePref;
  initialTime: TimePref;
  children: React.ReactNode;
}) {
  const [theme, setThemeState] = useState(initialTheme);
  const [time, setTime] = useState(initialTime);
  const setTheme = useCallback((t: ThemePref) => {
    setThemeState(t);
    writeCookie(THEME_COOKIE, t === 'system' ? null : t);
    if (t === 'system') delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = t;
  }, []);
  const setTimeMode = useCallback((mode: 'utc' | 'local') => {
    const next: TimePref =
      mode === 'utc'
        ? { mode }
        : { mode, zone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC' };
    setTime(next);
    writeCookie(TIME_COOKIE, serializeTimePref(next));
  }, []);
  const value = useMemo(
    () => ({ theme, setTheme, time, setTimeMode }),
    [theme, setTheme, time, setTimeMode],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

function useDisplayPrefs(): DisplayPrefs {
  const v = useContext(Ctx);
  if (!v) throw new Error('useDisplayPrefs outside DisplayPrefsProvider');
  return v;
}

/** Time zone for absolute times; UTC outside the provider (e.g. in isolated renders). */
export function useTimePref(): TimePref {
  return useContext(Ctx)?.time ?? { mode: 'utc' };
}

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
