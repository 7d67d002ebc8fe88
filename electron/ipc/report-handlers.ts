import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeConnection } from '../db/connection-url';
import { UserInputError } from '../errors';
import { readReportWorkbook } from '../workbooks/engagement-report-workbook';
import { runsVisibleTo } from '../engine/runs/visibility';
import { parseReportDate } from '../engine/report/report-dates';
import { engagementReportUseCase } from '../usecases/report';
import type { ReportSavedView, ReportWorkbookView } from '@shared/ipc/report-channels';
import type { DesktopServices } from './merge-handlers';
import type { Session } from './session';

/** History's "Engagement report…": the same use case as `mergedesk report`, runs limited to those the operator may see. */
export function createReportHandlers(session: Session, desktop: DesktopServices) {
  return {
    async saveEngagementReport(input: { from?: string; to?: string }): Promise<ReportSavedView> {
      const { db, mapping, operator } = session.requireOperator();
      const from = input.from ? parseReportDate(input.from, 'from', 'The start date') : undefined;
      const to = input.to ? parseReportDate(input.to, 'to', 'The end date') : undefined;
      const target = await desktop.saveFileDialog(`MergeDesk-engagement-report-${new Date().toISOString().slice(0, 10)}.xlsx`);
      if (!target) return { savedTo: null, scans: 0, merged: 0, remaining: 0 };
      const r = await engagementReportUseCase(db, mapping, {
        ...(from ? { from } : {}),
        ...(to ? { to } : {}),
        visible: await runsVisibleTo(db, mapping, operator.id),
        out: target,
        database: session.connection ? describeConnection(session.connection) : '',
        language: session.language,
      });
      return { savedTo: target, scans: r.scans, merged: r.outcomes.merged, remaining: r.remaining.length };
    },
    async readReportWorkbook({ name, base64 }: { name: string; base64: string }): Promise<ReportWorkbookView> {
      const display = path.basename(name.replace(/\\/g, '/'));
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mergedesk-report-'));
      const file = path.join(dir, `${crypto.randomUUID()}.xlsx`);
      try {
        fs.writeFileSync(file, Buffer.from(base64, 'base64'), { mode: 0o600 });
        const sheets = await readReportWorkbook(file);
        return { name: display, sheets: sheets.map((sh) => ({ ...sh, rows: sh.rows.map((r) => r.map((v) => (v instanceof Date ? v.toISOString() : v))) })) };
      } catch (err) {
        // Errors name the file as the user knows it, not the temporary copy.
        if (err instanceof UserInputError) throw new UserInputError(err.problem.split(file).join(display), err.fix, err.code);
        throw err;
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
