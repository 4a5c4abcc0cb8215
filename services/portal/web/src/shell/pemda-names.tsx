import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { api } from '../api/client';
import type { PemdaEntry } from '../api/types';

/*
 * The names of the 546 Pemda, from the portal's shipped list (GET /api/pemda), so a page that a
 * service answers with codes only can say "Kota Bandung (32.73)". Fetched once, when a page first
 * asks for a label; until it arrives, or if it cannot, a Pemda is shown by its code, and the next
 * page that asks tries again.
 */

interface PemdaNames {
  names: ReadonlyMap<string, string>;
  want: () => void;
}

const PemdaNamesContext = createContext<PemdaNames>({ names: new Map(), want: () => undefined });

export function PemdaNamesProvider({ children }: { children: ReactNode }) {
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map());
  const state = useRef<'idle' | 'loading' | 'loaded'>('idle');
  const want = useCallback(() => {
    if (state.current !== 'idle') return;
    state.current = 'loading';
    api<PemdaEntry[]>('/api/pemda')
      .then((entries) => {
        state.current = 'loaded';
        setNames(new Map(entries.map((entry) => [entry.code, entry.kind === 'provinsi' ? `Provinsi ${entry.name}` : entry.name])));
      })
      .catch(() => {
        state.current = 'idle';
      });
  }, []);
  const value = useMemo(() => ({ names, want }), [names, want]);
  return <PemdaNamesContext.Provider value={value}>{children}</PemdaNamesContext.Provider>;
}

/** "Kota Bandung (32.73)", or the code alone for a Pemda the list does not know (yet). */
export function usePemdaLabel(): (pemdaCode: string) => string {
  const { names, want } = useContext(PemdaNamesContext);
  useEffect(want, [want]);
  return useCallback(
    (pemdaCode: string) => {
      const name = names.get(pemdaCode);
      return name ? `${name} (${pemdaCode})` : pemdaCode;
    },
    [names],
  );
}
