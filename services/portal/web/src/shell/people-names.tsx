import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { api } from '../api/client';
import type { PersonView } from '../api/types';
import { useSession } from './session';

/*
 * The names of the people the services answer with as subjects (a decision's verifier, a task's
 * holder, the admin who granted an extension): a subject is a UUID under the identity provider.
 * The portal learnt each name at that person's sign-in (GET /api/people: anyone to KPK roles, only
 * its own people to a Pemda, which the services tell "Verifikator KPK" instead of a KPK person). A
 * page asks for the subjects it shows; they are fetched together after it renders, and until then,
 * or for someone the reader may not see named, the subject (or pseudonym) itself is shown.
 */

const SUBJECTS_PER_LOOKUP = 100;
const RETRY_AFTER_MS = 15_000;

interface PeopleNames {
  names: ReadonlyMap<string, string>;
  want: (subject: string) => void;
  fetchWanted: () => void;
}

const PeopleNamesContext = createContext<PeopleNames>({ names: new Map(), want: () => undefined, fetchWanted: () => undefined });

export function PeopleNamesProvider({ children }: { children: ReactNode }) {
  const { user } = useSession();
  const [names, setNames] = useState<ReadonlyMap<string, string>>(() => new Map([[user.subject, user.name]]));
  // Asked (or answered "unknown") once per page load; a failed lookup is asked again a little later.
  const asked = useRef(new Set<string>([user.subject]));
  const wanted = useRef(new Set<string>());

  const want = useCallback(
    (subject: string) => {
      if (subject && !asked.current.has(subject)) wanted.current.add(subject);
    },
    [],
  );
  const fetchWanted = useCallback(() => {
    if (wanted.current.size === 0) return;
    const subjects = [...wanted.current];
    wanted.current.clear();
    for (let start = 0; start < subjects.length; start += SUBJECTS_PER_LOOKUP) {
      const batch = subjects.slice(start, start + SUBJECTS_PER_LOOKUP);
      for (const subject of batch) asked.current.add(subject);
      api<PersonView[]>(`/api/people?${batch.map((subject) => `subject=${encodeURIComponent(subject)}`).join('&')}`)
        .then((people) => {
          if (people.length === 0) return;
          setNames((known) => new Map([...known, ...people.map((person): [string, string] => [person.subject, person.name])]));
        })
        .catch(() => {
          // Not at once (the next render would ask again in a loop): after a pause, with a render to ask from.
          window.setTimeout(() => {
            for (const subject of batch) asked.current.delete(subject);
            setNames((known) => new Map(known));
          }, RETRY_AFTER_MS);
        });
    }
  }, []);
  const value = useMemo(() => ({ names, want, fetchWanted }), [names, want, fetchWanted]);
  return <PeopleNamesContext.Provider value={value}>{children}</PeopleNamesContext.Provider>;
}

/** A person's name where the portal knows it, else the subject as the service gave it. */
export function usePersonLabel(): (subject: string) => string {
  const { names, want, fetchWanted } = useContext(PeopleNamesContext);
  // After every render: whatever the render asked for goes out in one lookup.
  useEffect(fetchWanted);
  return useCallback(
    (subject: string) => {
      const name = names.get(subject);
      if (name) return name;
      want(subject);
      return subject;
    },
    [names, want],
  );
}
