/**
 * Why the scan pairs two accounts, as data: a key and its parameters. The screens put it
 * into words in the admin's language (duplicates:reason.<key>); the engine's English
 * sentences (`reasons` in `scan --json`, a contract) are made from the same data.
 */
export type NameField = 'first' | 'last';

export type Reason =
  | { key: 'names_swapped' }
  | { key: 'name_exact' | 'name_exact_rare' | 'name_exact_common' | 'name_partial' | 'name_differs' | 'name_missing'; field: NameField }
  | { key: 'name_variant' | 'name_similar'; field: NameField; similarity: number }
  | { key: 'last_name_differs' }
  | { key: 'dob_same' | 'dob_missing_either' | 'dob_missing_both' }
  | { key: 'dob_near' | 'dob_differ'; a: string; b: string }
  | { key: 'email_same' | 'email_same_first_differs' | 'email_local_equal' | 'login_is_local_part' | 'email_letters_alike' | 'email_differ' }
  | { key: 'employee_id_same' | 'employee_id_near' | 'employee_id_differ' }
  | { key: 'hr_two_people_ids' | 'hr_two_people' | 'hr_far_apart' }
  | { key: 'phone_same' | 'phone_near' }
  | { key: 'manual_before_interface'; days: number }
  | { key: 'one_self_registered' | 'interface_active_inactive' | 'competing_link' }
  | { key: 'org_same' | 'org_same_branch' | 'org_far_apart' }
  | { key: 'attributes_same'; names: string }
  | { key: 'transitive_named'; uid: string; scoreA: number; scoreB: number }
  | { key: 'transitive_hidden'; scoreA: number; scoreB: number };

export type ReasonKey = Reason['key'];
