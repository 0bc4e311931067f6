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

/** The theme and time-zone choices with their setters (the sidebar's pickers). */
export function useDisplayPrefs(): DisplayPrefs {
  const v = useContext(Ctx);
  if (!v) throw new Error('useDisplayPrefs outside DisplayPrefsProvider');
  return v;
}

/** Time zone for absolute times; UTC outside the provider (e.g. in isolated renders). */
export function useTimePref(): TimePref {
  return useContext(Ctx)?.time ?? { mode: 'utc' };
}
