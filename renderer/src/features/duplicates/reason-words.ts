import type { TFunction } from 'i18next';
import type { DetectedCause } from '@shared/causes';
import type { Reason } from '@shared/detect-reasons';
import { formatNumber, type Language } from '@shared/i18n';

/** A scan reason in the admin's language: the key's sentence with its numbers formatted by locale. */
export function reasonWords(t: TFunction<'duplicates'>, r: Reason, language: Language): string {
  const score = (x: number) => formatNumber(x, language, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  switch (r.key) {
    case 'name_exact':
    case 'name_exact_rare':
    case 'name_exact_common':
    case 'name_partial':
    case 'name_differs':
    case 'name_missing':
      return t(`reason.${r.key}`, { field: t(`reasonField.${r.field}`) });
    case 'name_variant':
    case 'name_similar':
      return t(`reason.${r.key}`, { field: t(`reasonField.${r.field}`), similarity: score(r.similarity) });
    case 'dob_near':
    case 'dob_differ':
      return t(`reason.${r.key}`, { a: r.a, b: r.b });
    case 'manual_before_interface':
      return t('reason.manual_before_interface', { days: formatNumber(r.days, language) });
    case 'attributes_same':
      return t('reason.attributes_same', { names: r.names });
    case 'transitive_named':
      return t('reason.transitive_named', { uid: r.uid, scoreA: score(r.scoreA), scoreB: score(r.scoreB) });
    case 'transitive_hidden':
      return t('reason.transitive_hidden', { scoreA: score(r.scoreA), scoreB: score(r.scoreB) });
    default:
      return t(`reason.${r.key}`);
  }
}

const CAUSES = new Set<string>(['hr_multiple_records', 'manual_before_interface', 'self_registration', 'returning_employee', 'name_change', 'unknown']);

/** A cause in words; a cause this app version does not know reads as "unknown cause". */
export function causeWords(t: TFunction<'duplicates'>, cause: string): string {
  return t(`cause.${(CAUSES.has(cause) ? cause : 'unknown') as DetectedCause}`);
}
