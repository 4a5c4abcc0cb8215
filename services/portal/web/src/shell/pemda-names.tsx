import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { api } from '../api/client';

/*
 * The names of the 546 Pemda, from the portal's shipped list (GET /api/pemda), so a page that a
 * service answers with codes only can say "Kota Bandung (32.73)". Loaded once per signed-in page;
 * until it arrives, or if it cannot, a Pemda is shown by its code.
 */

interface PemdaEntry {
  code: string;
  name: string;
}

const PemdaNamesContext = createContext<ReadonlyMap<string, string>>(new Map());

export function PemdaNamesProvider({ children }: { children: ReactNode }) {
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map());
  useEffect(() => {
    let cancelled = false;
    api<PemdaEntry[]>('/api/pemda')
      .then((entries) => !cancelled && setNames(new Map(entries.map((entry) => [entry.code, entry.name]))))
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, []);
  return <PemdaNamesContext.Provider value={names}>{children}</PemdaNamesContext.Provider>;
}

/** "Kota Bandung (32.73)", or the code alone for a Pemda the list does not know (yet). */
export function usePemdaLabel(): (pemdaCode: string) => string {
  const names = useContext(PemdaNamesContext);
  return useCallback((pemdaCode: string) => {
    const name = names.get(pemdaCode);
    return name ? `${name} (${pemdaCode})` : pemdaCode;
  }, [names]);
}
