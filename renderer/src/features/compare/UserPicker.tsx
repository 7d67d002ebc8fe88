import { Button, Field, Input, makeStyles, Text, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api';

const useStyles = makeStyles({
  row: { display: 'flex', gap: '8px', alignItems: 'flex-end', flexWrap: 'wrap' },
  results: { listStyle: 'none', margin: '4px 0 0', padding: 0, maxHeight: '150px', overflow: 'auto', border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium },
  item: { display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: '8px', padding: '2px 8px', borderBottom: `1px solid ${tokens.colorNeutralStroke3}` },
});

/** Pick any two users the admin has clearance to see, as the LMS's own merge pop-up does. */
export function UserPicker({ onPick }: { onPick: (a: string, b: string) => void }) {
  const s = useStyles();
  const { t } = useTranslation('compare');
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<{ uid: string; name: string; email: string | null; orgUnit: string; status: string }[]>([]);
  const [chosen, setChosen] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const search = async () => {
    setError(null);
    try {
      setHits(await call(api.searchUsers({ query, limit: 50 })));
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const choose = (uid: string) => {
    const next = chosen.includes(uid) ? chosen.filter((u) => u !== uid) : [...chosen, uid].slice(-2);
    setChosen(next);
    if (next.length === 2) {
      // The pair is open below: the hit list would only take its room.
      setHits([]);
      onPick(next[0]!, next[1]!);
    }
  };
  return (
    <section aria-label={t('picker.section')}>
      <form className={s.row} onSubmit={(e) => { e.preventDefault(); void search(); }}>
        <Field label={t('picker.find')} validationMessage={error ?? undefined} validationState={error ? 'error' : 'none'}>
          <Input value={query} onChange={(_, d) => setQuery(d.value)} placeholder={t('picker.placeholder')} />
        </Field>
        <Button type="submit">{t('picker.search')}</Button>
        <Text size={200}>{chosen.length ? t('picker.chosenList', { uids: chosen.join(', ') }) : t('picker.chooseTwo')}</Text>
      </form>
      {hits.length ? (
        <ul className={s.results} aria-label={t('picker.results')}>
          {hits.map((h) => (
            <li key={h.uid} className={s.item}>
              <Text>
                {h.name}{' '}
                <Text size={200}>
                  ({t('picker.hitDetail', { uid: h.uid, email: h.email ?? t('picker.noEmail'), orgUnit: h.orgUnit })}
                  {h.status !== 'active' ? ` · ${t('picker.inactive')}` : ''})
                </Text>
              </Text>
              <Button size="small" appearance={chosen.includes(h.uid) ? 'primary' : 'secondary'} onClick={() => choose(h.uid)} aria-pressed={chosen.includes(h.uid)}>
                {chosen.includes(h.uid) ? t('picker.chosen') : t('picker.choose')}
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
