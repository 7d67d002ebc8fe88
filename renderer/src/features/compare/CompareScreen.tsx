import { Badge, Button, Checkbox, makeStyles, MessageBar, MessageBarBody, Spinner, Text, Title2, tokens } from '@fluentui/react-components';
import { useEffect } from 'react';
import type { AccountDetail } from '@shared/ipc/merge-channels';
import { useSession } from '../../app/session-store';
import { useCompare } from './compare-store';
import { EvidenceWaterfall } from './EvidenceWaterfall';
import { MergePreview } from './MergePreview';
import { EmployeeIdCheckbox } from './EmployeeIdCheckbox';
import { UserPicker } from './UserPicker';

const useStyles = makeStyles({
  page: { height: '100%', overflow: 'auto', padding: '16px 24px', boxSizing: 'border-box', display: 'flex', flexDirection: 'column', gap: '16px' },
  table: { borderCollapse: 'collapse', width: '100%', maxWidth: '1100px' },
  th: { textAlign: 'left', padding: '4px 8px', borderBottom: `1px solid ${tokens.colorNeutralStroke2}`, fontWeight: tokens.fontWeightSemibold, whiteSpace: 'nowrap' },
  td: { padding: '4px 8px', borderBottom: `1px solid ${tokens.colorNeutralStroke3}`, verticalAlign: 'top' },
  diff: { background: tokens.colorPaletteYellowBackground2 },
  row: { display: 'flex', gap: '12px', alignItems: 'center', flexWrap: 'wrap' },
  reasons: { margin: 0, paddingLeft: '20px' },
});

const FIELDS: [keyof AccountDetail, string][] = [
  ['uid', 'UID'], ['firstName', 'First name'], ['lastName', 'Last name'], ['login', 'Login'], ['email', 'Email'], ['birthDate', 'Date of birth'],
  ['employeeId', 'Employee ID'], ['phone', 'Phone'], ['origin', 'Created by'], ['status', 'Status'], ['orgUnit', 'Org unit'], ['client', 'Client'],
  ['createdAt', 'Created'], ['lastLoginAt', 'Last login'],
];

const show = (v: unknown) => (v === null || v === undefined || v === '' ? '—' : /^\d{4}-\d\d-\d\dT/.test(String(v)) ? String(v).slice(0, 16).replace('T', ' ') : String(v));

export function CompareScreen() {
  const s = useStyles();
  const pending = useSession((x) => x.compare);
  const st = useCompare();
  useEffect(() => {
    if (pending && (st.uids?.[0] !== pending.pair.a.uid || st.uids?.[1] !== pending.pair.b.uid)) void st.load(pending.pair.a.uid, pending.pair.b.uid, pending.keep);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [pending]);
  const v = st.view;
  const [a, b] = v?.accounts ?? [];
  const kept = v && st.keep ? v.accounts.find((x) => x.uid === st.keep)! : undefined;
  const removed = v && st.keep ? v.accounts.find((x) => x.uid !== st.keep)! : undefined;
  const categories = v ? [...new Set(v.accounts.flatMap((x) => Object.keys(x.counts)))] : [];
  const statuses = v ? [...new Set(v.accounts.flatMap((x) => Object.keys(x.enrolmentsByStatus)))] : [];

  return (
    <div className={s.page}>
      <Title2 as="h1">Compare accounts</Title2>
      <UserPicker onPick={(x, y) => void st.load(x, y)} />
      {st.busy === 'loading' ? <Spinner label="Loading both accounts…" /> : null}
      {st.error ? <MessageBar intent="error" role="alert"><MessageBarBody>{st.error}</MessageBarBody></MessageBar> : null}
      {a && b && kept && removed ? (
        <>
          <table className={s.table} aria-label="Accounts side by side">
            <thead>
              <tr>
                <th className={s.th} scope="col">Field</th>
                {[a, b].map((x) => (
                  <th key={x.uid} className={s.th} scope="col">
                    {x.firstName} {x.lastName} {x.uid === st.keep ? <Badge color="success">Keep</Badge> : <Badge color="danger">Remove</Badge>}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {FIELDS.map(([k, label]) => {
                const differs = show(a[k]) !== show(b[k]);
                return (
                  <tr key={k} className={differs ? s.diff : undefined} data-differs={differs || undefined}>
                    <th className={s.th} scope="row">{label}</th>
                    <td className={s.td}>{show(a[k])}</td>
                    <td className={s.td}>{show(b[k])}</td>
                  </tr>
                );
              })}
              {categories.map((c) => (
                <tr key={c}>
                  <th className={s.th} scope="row">{c}</th>
                  <td className={s.td}>{a.counts[c] ?? 0}</td>
                  <td className={s.td}>{b.counts[c] ?? 0}</td>
                </tr>
              ))}
              {statuses.map((c) => (
                <tr key={`st-${c}`}>
                  <th className={s.th} scope="row">Enrolments: {c}</th>
                  <td className={s.td}>{a.enrolmentsByStatus[c] ?? 0}</td>
                  <td className={s.td}>{b.enrolmentsByStatus[c] ?? 0}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {pending && [pending.pair.a.uid, pending.pair.b.uid].sort().join() === [a.uid, b.uid].sort().join() && pending.pair.evidence?.length ? (
            <EvidenceWaterfall evidence={pending.pair.evidence} priorLog2={pending.pair.priorLog2} />
          ) : null}
          <section aria-label="Account to keep">
            <Text weight="semibold">Recommended to keep: {v!.keep}</Text>
            <ul className={s.reasons}>{v!.keepReasons.map((r) => <li key={r}><Text>{r}</Text></li>)}</ul>
          </section>
          <div className={s.row}>
            <Text>Keep <b>{kept.uid}</b>, remove <b>{removed.uid}</b>.</Text>
            <Button onClick={st.swap}>Swap: keep {removed.uid} instead</Button>
            <Checkbox checked={st.takeEmail} disabled={!removed.email || removed.email === kept.email} onChange={(_, d) => st.set({ takeEmail: Boolean(d.checked) })} label={`Kept account takes over the email ${removed.email ?? '(none)'}`} />
            <Checkbox checked={st.takeLogin} onChange={(_, d) => st.set({ takeLogin: Boolean(d.checked) })} label={`Kept account takes over the login ${removed.login}`} />
            <EmployeeIdCheckbox kept={kept} removed={removed} />
            <Button appearance="primary" onClick={() => void st.preview()} disabled={st.busy !== 'idle'}>Preview merge</Button>
            {st.busy === 'previewing' ? <Spinner size="tiny" label="Planning…" /> : null}
          </div>
          {st.plan ? <MergePreview /> : null}
        </>
      ) : null}
    </div>
  );
}
