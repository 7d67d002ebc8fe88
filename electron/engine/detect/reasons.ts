import type { NameField, Reason } from '@shared/detect-reasons';

/**
 * The engine's English sentence for a reason: what `scan --json` has always written in
 * `reasons` (a contract for scripts), so these words change only with a new contract.
 */
const fmt = (x: number) => x.toFixed(2);
const label = (f: NameField) => (f === 'first' ? 'first name' : 'last name');

export function reasonText(r: Reason): string {
  switch (r.key) {
    case 'names_swapped': return 'first and last name swapped';
    case 'name_exact': return `same ${label(r.field)}`;
    case 'name_exact_rare': return `same ${label(r.field)}, rare`;
    case 'name_exact_common': return `same ${label(r.field)}, common`;
    case 'name_variant': return `same ${label(r.field)} in another spelling (${fmt(r.similarity)})`;
    case 'name_partial': return `${label(r.field)} partly equal (one contains the other)`;
    case 'name_similar': return `${label(r.field)} similar (${fmt(r.similarity)})`;
    case 'name_differs': return `${label(r.field)} differs`;
    case 'last_name_differs': return 'last name differs — possible name change';
    case 'name_missing': return `${label(r.field)} missing`;
    case 'dob_same': return 'same date of birth';
    case 'dob_near': return `date of birth nearly equal (${r.a} / ${r.b}) — possible typing error`;
    case 'dob_differ': return `different dates of birth (${r.a} / ${r.b})`;
    case 'dob_missing_either': return 'date of birth missing on one account';
    case 'dob_missing_both': return 'no date of birth on either account';
    case 'email_same_first_differs': return 'same e-mail address, but different first names (a shared family address?)';
    case 'email_same': return 'same e-mail address';
    case 'email_local_equal': return 'e-mail local part equal';
    case 'login_is_local_part': return 'login equals the e-mail local part of the other account';
    case 'email_letters_alike': return 'e-mail local parts alike (apart from digits and dots)';
    case 'email_differ': return 'different e-mail addresses';
    case 'employee_id_same': return 'same employee ID';
    case 'employee_id_near': return 'employee IDs nearly equal (one digit wrong or two swapped)';
    case 'employee_id_differ': return 'different employee IDs';
    case 'hr_two_people_ids': return 'both active HR accounts with different employee IDs in the same org unit — likely two people';
    case 'hr_two_people': return 'two active HR accounts in the same org unit — likely two people';
    case 'phone_same': return 'same phone number';
    case 'phone_near': return 'phone number nearly equal (one digit wrong or two swapped)';
    case 'manual_before_interface': return `hand-made account created ${r.days} days before the interface account`;
    case 'one_self_registered': return 'one account self-registered';
    case 'interface_active_inactive': return 'one interface account in use, the other not (someone who came back?)';
    case 'competing_link': return 'another account matches one of these two as well, and it is a different person than the other one: at most one of the links can be right';
    case 'org_same': return 'same org unit';
    case 'org_same_branch': return 'org units in the same part of the organisation';
    case 'hr_far_apart': return 'two current HR records in different parts of the organisation — possibly two people with the same name';
    case 'org_far_apart': return 'org units in different parts of the organisation';
    case 'attributes_same': return `same ${r.names}`;
    case 'transitive_named': return `both accounts are likely duplicates of account ${r.uid} (${fmt(r.scoreA)} and ${fmt(r.scoreB)})`;
    case 'transitive_hidden': return `both accounts are likely duplicates of a third account (${fmt(r.scoreA)} and ${fmt(r.scoreB)})`;
  }
}
