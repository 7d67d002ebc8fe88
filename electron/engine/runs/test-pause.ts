/**
 * The crash tests kill a real `mergedesk` process at a chosen moment. Only they set
 * MERGEDESK_TEST_PAUSE_AT=<step>: at that step the process says so on stderr and waits
 * (forever) for the kill. Unset, this does nothing.
 */
export async function pauseForTest(step: string): Promise<void> {
  const at = process.env.MERGEDESK_TEST_PAUSE_AT;
  if (!at || at !== step) return;
  process.stderr.write(`MERGEDESK_TEST_PAUSED ${step}\n`);
  await new Promise(() => setInterval(() => {}, 1000));
}
