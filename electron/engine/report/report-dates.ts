import { UserInputError } from '../../errors';

/** YYYY-MM-DD (the whole day, UTC) or a full ISO time; "to" of a bare date is the end of that day. */
export function parseReportDate(text: string, end: 'from' | 'to', option: string = `--${end}`): Date {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const d = day ? new Date(`${text}T${end === 'to' ? '23:59:59.999' : '00:00:00.000'}Z`) : /^\d{4}-\d{2}-\d{2}T/.test(text) ? new Date(text) : new Date(NaN);
  if (Number.isNaN(d.getTime()) || (day && d.toISOString().slice(0, 10) !== text)) {
    throw new UserInputError(`${option} "${text}" is not a date.`, `Write it as YYYY-MM-DD (UTC), e.g. 2026-11-30, or as an ISO time like 2026-11-30T14:00:00Z.`, 'USAGE');
  }
  return d;
}
