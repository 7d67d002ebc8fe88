import { describeConnection } from '../db/connection-url';
import { runsVisibleTo } from '../engine/runs/visibility';
import { parseReportDate } from '../engine/report/report-dates';
import { engagementReportUseCase } from '../usecases/report';
import type { ReportSavedView } from '../../shared/ipc/report-channels';
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
      });
      return { savedTo: target, scans: r.scans, merged: r.outcomes.merged, remaining: r.remaining.length };
    },
  };
}
