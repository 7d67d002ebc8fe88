import { useEffect, useRef, useState } from 'react';
import type { PersonLookupView } from '@shared/ipc/lookup-channels';
import { api, call } from '../../api';

export interface PersonForm {
  firstName: string;
  lastName: string;
  birthDate: string;
  email: string;
  employeeId: string;
}

export const EMPTY_FORM: PersonForm = { firstName: '', lastName: '', birthDate: '', email: '', employeeId: '' };

/** Typing pauses this long before a search: one query per pause, not per key. */
const DEBOUNCE_MS = 250;

/** A birth date the lookup can compare: YYYY-MM-DD or DD.MM.YYYY (the server checks the calendar). */
export const birthDateComplete = (v: string) => /^\d{4}-\d{1,2}-\d{1,2}$|^\d{1,2}\.\d{1,2}\.\d{4}$/.test(v.trim());

export type SearchState =
  | { kind: 'idle' }
  | { kind: 'searching'; previous: PersonLookupView | null }
  | { kind: 'done'; result: PersonLookupView }
  | { kind: 'failed'; message: string };

/** Searches as the admin types: after each pause, with the answer of the latest request only. */
export function usePersonSearch(form: PersonForm, ready: boolean): SearchState {
  const [state, setState] = useState<SearchState>({ kind: 'idle' });
  const latest = useRef(0);
  const last = useRef<PersonLookupView | null>(null);
  useEffect(() => {
    const first = form.firstName.trim();
    const lastName = form.lastName.trim();
    const birth = form.birthDate.trim();
    if (!ready || !first || !lastName || (birth && !birthDateComplete(birth))) {
      latest.current++;
      setState({ kind: 'idle' });
      return;
    }
    const id = ++latest.current;
    setState({ kind: 'searching', previous: last.current });
    const timer = setTimeout(() => {
      const input = {
        firstName: first,
        lastName,
        ...(birth ? { birthDate: birth } : {}),
        ...(form.email.trim() ? { email: form.email.trim() } : {}),
        ...(form.employeeId.trim() ? { employeeId: form.employeeId.trim() } : {}),
      };
      call(api.lookupPerson(input))
        .then((result) => {
          if (id !== latest.current) return;
          last.current = result;
          setState({ kind: 'done', result });
        })
        .catch((err: Error) => id === latest.current && setState({ kind: 'failed', message: err.message }));
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [form.firstName, form.lastName, form.birthDate, form.email, form.employeeId, ready]);
  return state;
}
