import { useMemo, useState } from 'react';
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

/** Pemda whose name, code or province holds what was typed (all of them when nothing was). */
export function matchingPemda(entries: readonly PemdaEntry[], search: string): PemdaEntry[] {
  const needle = search.trim().toLowerCase();
  const list = needle ? entries.filter((pemda) => optionLabel(pemda).toLowerCase().includes(needle) || pemda.code.startsWith(needle)) : entries;
  return list.slice(0, SHOWN);
}

/**
 * Choosing one of 546 Pemda by typing part of its name, code or province, then picking it from
 * the list: the development sign-in and an admin's Pemda page choose the same way.
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
  const matches = useMemo(() => matchingPemda(entries, search), [entries, search]);
  return (
    <>
      <label htmlFor={`${id}-search`}>{t('pemdaPicker.search')}</label>
      <input
        id={`${id}-search`}
        type="search"
        value={search}
        onChange={(event) => {
          setSearch(event.target.value);
          // One match left is the one meant, so the form can be sent at once; a choice the search
          // no longer shows is dropped rather than sent unseen.
          const left = matchingPemda(entries, event.target.value);
          if (left.length === 1) onChange(left[0].code);
          else if (!left.some((pemda) => pemda.code === value)) onChange('');
        }}
        placeholder={t('pemdaPicker.searchHint')}
        autoComplete="off"
      />
      <label htmlFor={id}>{t('pemdaPicker.select', { count: matches.length })}</label>
      <select id={id} size={6} value={value} onChange={(event) => onChange(event.target.value)} required>
        {matches.map((pemda) => (
          <option key={pemda.code} value={pemda.code}>
            {optionLabel(pemda)}
          </option>
        ))}
      </select>
    </>
  );
}
