import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserUnavailableReason, isolatedDeps, launchApp, signInThroughUi, type AppUnderTest } from './harness';

const noBrowser = browserUnavailableReason() !== null;

describe.skipIf(noBrowser)('desktop app in Chromium: employee-ID take-over in Compare and the preview', () => {
  let app: AppUnderTest;
  /** An interface-maintained account whose employee ID no other account holds, and a hand-made account. */
  let iface: { uid: string; employeeId: string };
  let manual: { uid: string; employeeId: string | null };

  beforeAll(async () => {
    app = await launchApp(await isolatedDeps());
    await signInThroughUi(app.page);
    const { db, mapping: m } = app.handlers.session.requireDb();
    const users = (await db(m.table('users')).select(m.select('users', ['uid', 'employee_id', 'origin', 'status', 'is_admin']))).map((r: Record<string, unknown>) => m.fromDbRow('users', r));
    const holders = new Map<string, number>();
    for (const u of users) if (u.employee_id && u.status !== 'deleted' && u.status !== 'anonymised') holders.set(String(u.employee_id), (holders.get(String(u.employee_id)) ?? 0) + 1);
    const i = users.find((u) => u.origin === 'interface' && u.status === 'active' && !u.is_admin && u.employee_id && holders.get(String(u.employee_id)) === 1)!;
    const manuals = users.filter((u) => u.origin === 'manual' && u.status === 'active' && !u.is_admin);
    const mm = manuals.find((u) => u.employee_id) ?? manuals[0]!;
    iface = { uid: String(i.uid), employeeId: String(i.employee_id) };
    manual = { uid: String(mm.uid), employeeId: (mm.employee_id as string | null) ?? null };
  });
  afterAll(async () => app?.close());

  it('ticks the box by default when the interface account is removed, says why, and follows the swap and an explicit choice into the preview', async () => {
    const { page } = app;
    await page.getByRole('tab', { name: 'Compare & merge' }).click();
    for (const uid of [iface.uid, manual.uid]) {
      await page.getByLabel('Find users').fill(uid);
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      await page.getByRole('list', { name: 'Users found' }).getByRole('listitem').filter({ hasText: uid }).getByRole('button', { name: 'Choose' }).click();
    }
    await page.getByRole('table', { name: 'Accounts side by side' }).waitFor();
    // Keep the hand-made account, remove the interface-maintained one.
    const swapToManual = page.getByRole('button', { name: `Swap: keep ${manual.uid} instead` });
    if (await swapToManual.count()) await swapToManual.click();
    await page.getByText(`Keep ${manual.uid}, remove ${iface.uid}.`).waitFor();

    const box = page.getByRole('checkbox', { name: `Kept account takes over the employee ID ${iface.employeeId}` });
    const reason = page.getByTestId('employee-id-reason');
    expect(await box.isChecked()).toBe(true);
    expect(await reason.innerText()).toContain(`On by default: the removed account ${iface.uid} is maintained by the HR interface and the kept account ${manual.uid} is not`);

    await page.getByRole('button', { name: 'Preview merge' }).click();
    const preview = page.getByRole('region', { name: 'Merge preview' });
    await preview.waitFor();
    expect(await preview.getByLabel('Employee ID take-over').innerText()).toContain(`${manual.uid} takes it over. On by default`);
    await app.screenshot('14-employee-id-default');
    await page.getByRole('button', { name: 'Back to Compare' }).click();

    // The other way round the default is off; an explicit tick overrides it, and the preview says so.
    await page.getByRole('button', { name: `Swap: keep ${iface.uid} instead` }).click();
    const reverse = page.getByRole('checkbox', { name: /^Kept account takes over the employee ID/ });
    expect(await reverse.isChecked()).toBe(false);
    expect(await reason.innerText()).toContain(
      manual.employeeId ? `Off by default: the removed account ${manual.uid} is not maintained by the HR interface (origin manual)` : `The removed account ${manual.uid} has no employee ID to hand over.`,
    );
    await page.getByRole('button', { name: `Swap: keep ${manual.uid} instead` }).click();
    expect(await box.isChecked()).toBe(true);
    await box.uncheck();
    await page.getByRole('button', { name: 'Preview merge' }).click();
    await preview.waitFor();
    expect(await preview.getByLabel('Employee ID take-over').innerText()).toContain(`${manual.uid} keeps its own. Not taken over as chosen, although the default is on`);
    await page.getByRole('button', { name: 'Back to Compare' }).click();
    expect(await box.isChecked()).toBe(false);
  });
});
