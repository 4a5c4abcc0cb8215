import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { api } from '../api/client';
import type { PemdaEntry } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { useAsync, type AsyncState } from './ui';

/** At most this many in the list: the search narrows 546 down to a few. */
const SHOWN = 200;

/** The portal's shipped list of the 546 Pemda (kept by the browser for an hour). */
export function usePemdaDirectory(): AsyncState<PemdaEntry[]> {
  return useAsync((signal) => api<PemdaEntry[]>('/api/pemda', { signal }), []);
}

/** "Kota Bandung (32.73) · Jawa Barat"; a province's own government "Provinsi Jawa Barat (32)". */
function optionLabel(pemda: PemdaEntry): string {
  return pemda.kind === 'provinsi' ? `Provinsi ${pemda.name} (${pemda.code})` : `${pemda.name} (${pemda.code}) · ${pemda.provinceName}`;
}

/**
 * Pemda whose name or province holds what was typed, or whose code starts with it (all of them
 * when nothing was): "71" finds Sulawesi Utara's, not every code that has a 71 in it.
 */
export function matchingPemda(entries: readonly PemdaEntry[], search: string): PemdaEntry[] {
  const needle = search.trim().toLowerCase();
  if (!needle) return [...entries];
  return entries.filter(
    (pemda) =>
      pemda.code.startsWith(needle) ||
      pemda.name.toLowerCase().includes(needle) ||
      pemda.provinceName.toLowerCase().includes(needle) ||
      (pemda.kind === 'provinsi' && `provinsi ${pemda.name.toLowerCase()}`.includes(needle)),
  );
}

/**
 * Choosing one of 546 Pemda by typing part of its name, code or province, then picking it from
 * the list: the development sign-in, an admin's Pemda page and a deadline extension choose the
 * same way. What shows as chosen is always what the form sends: the only match left is chosen,
 * and a choice the search no longer shows is dropped (never sent unseen).
 */
export function PemdaPicker({
  id,
  entries,
  value,
  onChange,
}: {
  id: string;
  entries: readonly PemdaEntry[];
  value: string;
  onChange: (pemdaCode: string) => void;
}) {
  const { t } = useI18n();
  const [search, setSearch] = useState('');
  const list = useRef<HTMLSelectElement>(null);
  const matches = useMemo(() => matchingPemda(entries, search), [entries, search]);
  const shown = useMemo(() => matches.slice(0, SHOWN), [matches]);
  const chosen = shown.find((pemda) => pemda.code === value);

  // After the list arrives as well as after each keystroke (the list may come after the typing).
  useEffect(() => {
    if (entries.length === 0) return;
    const only = matches.length === 1 ? matches[0].code : undefined;
    if (only !== undefined && only !== value) onChange(only);
    else if (only === undefined && value && !shown.some((pemda) => pemda.code === value)) onChange('');
  }, [entries, matches, shown, value, onChange]);

  // A list box given a value none of its options has shows its first option as chosen: nothing is.
  useLayoutEffect(() => {
    if (list.current && !chosen) list.current.selectedIndex = -1;
  });

  return (
    <>
      <label htmlFor={`${id}-search`}>{t('pemdaPicker.search')}</label>
      <input
        id={`${id}-search`}
        type="search"
        value={search}
        onChange={(event) => setSearch(event.target.value)}
        onKeyDown={(event) => {
          // Enter moves to the list, not sends the form: a form that writes must not go for a Pemda half-chosen.
          if (event.key === 'Enter') {
            event.preventDefault();
            list.current?.focus();
          }
        }}
        placeholder={t('pemdaPicker.searchHint')}
        autoComplete="off"
        aria-controls={id}
        aria-describedby={`${id}-status`}
      />
      <label htmlFor={id}>{t('pemdaPicker.select', { count: matches.length })}</label>
      <select id={id} ref={list} size={6} value={chosen ? value : ''} onChange={(event) => onChange(event.target.value)} required>
        {shown.map((pemda) => (
          <option key={pemda.code} value={pemda.code}>
            {optionLabel(pemda)}
          </option>
        ))}
      </select>
      {matches.length > shown.length && <p className="small muted">{t('pemdaPicker.more', { shown: shown.length })}</p>}
      <p id={`${id}-status`} className="visually-hidden" role="status" aria-live="polite">
        {chosen ? t('pemdaPicker.chosen', { pemda: optionLabel(chosen) }) : t('pemdaPicker.count', { count: matches.length })}
      </p>
    </>
  );
}
