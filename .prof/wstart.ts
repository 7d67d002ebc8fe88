import { startLogfileThread } from '../electron/workbooks/logfile-thread';
for (let i = 0; i < 3; i++) {
  const t0 = performance.now();
  const t = startLogfileThread();
  await t.write('/tmp/x.xlsx', { summary: { runId: 1, outcome: 'merged', reason: null, dryRun: false, sourceUid: 'a', sourceName: null, targetUid: 'b', targetName: null, operator: 'x', startedAt: new Date(), finishedAt: new Date(), planHash: null, sourceAccount: null, settings: {}, counts: {} }, records: [], conflicts: [], actionRequired: [] }, 'en');
  console.log(`cold thread + empty logfile: ${(performance.now() - t0).toFixed(0)} ms`);
  await t.close();
}
