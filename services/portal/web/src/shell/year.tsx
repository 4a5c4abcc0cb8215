import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api } from '../api/client';
import { serverNow } from '../api/server-clock';

/*
 * The assessment year every screen shows. The platform has no "current year" route, so the
 * default is the latest year, from this one back, whose framework the scoring service knows.
 */

const STORAGE_KEY = 'mcp.year';
const FIRST_YEAR = 2018;

interface YearApi {
  year: number | null;
  setYear: (year: number) => void;
  years: number[];
}

const YearContext = createContext<YearApi | null>(null);

/** This year in WIB by the portal's clock (a PC's own clock and zone may say otherwise at New Year). */
function currentYear(): number {
  return Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta', year: 'numeric' }).format(new Date(serverNow())));
}

function storedYear(): number | null {
  const fromUrl = Number(new URLSearchParams(window.location.search).get('tahun'));
  if (Number.isInteger(fromUrl) && fromUrl >= FIRST_YEAR) return fromUrl;
  const stored = Number(window.sessionStorage.getItem(STORAGE_KEY));
  return Number.isInteger(stored) && stored >= FIRST_YEAR ? stored : null;
}

async function latestKnownYear(): Promise<number> {
  const thisYear = currentYear();
  for (let year = thisYear; year >= thisYear - 4; year -= 1) {
    try {
      await api(`/api/scoring/v1/years/${year}`);
      return year;
    } catch {
      // unknown framework year (404) or not readable: try the year before
    }
  }
  return thisYear;
}

export function YearProvider({ children }: { children: ReactNode }) {
  const [year, setYearState] = useState<number | null>(storedYear);
  useEffect(() => {
    if (year !== null) return;
    let cancelled = false;
    void latestKnownYear().then((found) => !cancelled && setYearState(found));
    return () => {
      cancelled = true;
    };
  }, [year]);
  const setYear = useCallback((next: number) => {
    window.sessionStorage.setItem(STORAGE_KEY, String(next));
    setYearState(next);
  }, []);
  const years = useMemo(() => {
    const list: number[] = [];
    for (let y = currentYear() + 1; y >= FIRST_YEAR; y -= 1) list.push(y);
    return list;
  }, []);
  const value = useMemo(() => ({ year, setYear, years }), [year, setYear, years]);
  return <YearContext.Provider value={value}>{children}</YearContext.Provider>;
}

export function useYear(): YearApi {
  const value = useContext(YearContext);
  if (!value) throw new Error('useYear outside YearProvider');
  return value;
}
