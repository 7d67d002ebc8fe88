import { COMPANY_DOMAINS, type Catalogue } from './catalogue';
import type { TrainingHistory } from './history';
import { emailLocal } from './names';
import type { Rng } from './rng';
import type { Cluster, DemoAdmin, Draft, HardNegative, PlantedPair } from './types';
import { at, between, DAY, DEMO_NOW, uidOf, YEAR } from './values';
import type { DemoWriter } from './writer';

export const ADMIN_PASSWORD = 'demo';
/** The demo administrators come first; regular accounts start after them. */
export const ADMIN_COUNT = 3;

/**
 * Creates accounts: the demo administrators, then each drafted account with a unique
 * login and its e-mail address, and records the planted pairs and hard negatives by uid.
 */
export class Accounts {
  private readonly logins = new Set<string>();
  private readonly loginNext = new Map<string, number>();
  /** Accounts created so far. */
  emitted = 0;
  readonly plantedPairs: PlantedPair[] = [];
  readonly hardNegatives: HardNegative[] = [];
  readonly admins: DemoAdmin[] = [];

  constructor(
    /** The history random stream (an account's own draws come before its history's). */
    private readonly rng: Rng,
    private readonly writer: DemoWriter,
    private readonly history: TrainingHistory,
  ) {}

  /** The three demo administrators (with their clearances), before any other account. */
  addAdmins(c: Catalogue, passwordHashes: readonly string[]): void {
    const north = c.regionUnits[0]!;
    const defs = [
      { login: 'admin', first: 'Demo', last: 'Administrator', description: 'Full administrator: view, edit and delete on the whole organisation (root unit including subunits).', unit: c.rootUnit, rights: [true, true, true] },
      { login: 'hr.north', first: 'Hanna', last: 'Nordmann', description: `Limited administrator: view, edit and delete only in "${north.name}" and its subunits.`, unit: north.id, rights: [true, true, true] },
      { login: 'auditor', first: 'Arne', last: 'Prüfer', description: 'Read-only administrator: may view every user but neither edit nor delete (cannot merge).', unit: c.rootUnit, rights: [true, false, false] },
    ] as const satisfies { length: typeof ADMIN_COUNT };
    defs.forEach((a, i) => {
      const id = this.writer.id('users');
      this.logins.add(a.login);
      const created = DEMO_NOW - 3 * YEAR + i * DAY;
      this.writer.push('users', {
        id,
        uid: uidOf(id),
        login: a.login,
        email: `${a.login}@${COMPANY_DOMAINS[1]}`,
        first_name: a.first,
        last_name: a.last,
        birth_date: null,
        employee_id: null,
        phone: null,
        client_id: 1,
        org_unit_id: a.unit,
        origin: 'manual',
        status: 'active',
        is_admin: true,
        password_hash: passwordHashes[i]!,
        last_login_at: at(DEMO_NOW - (i + 1) * 3_600_000),
        created_at: at(created),
        updated_at: at(created + DAY),
      });
      this.writer.push('clearances', {
        id: this.writer.id('clearances'),
        admin_id: id,
        org_unit_id: a.unit,
        include_subunits: true,
        can_view: a.rights[0],
        can_edit: a.rights[1],
        can_delete: a.rights[2],
      });
      this.admins.push({ login: a.login, password: ADMIN_PASSWORD, description: a.description });
    });
    this.emitted = defs.length;
  }

  private uniqueLogin(base: string): string {
    if (!this.logins.has(base)) {
      this.logins.add(base);
      return base;
    }
    let n = this.loginNext.get(base) ?? 2;
    const at = base.indexOf('@');
    const make = (k: number) => (at >= 0 ? `${base.slice(0, at)}${k}${base.slice(at)}` : `${base}${k}`);
    while (this.logins.has(make(n))) n++;
    this.loginNext.set(base, n + 1);
    const login = make(n);
    this.logins.add(login);
    return login;
  }

  /** Creates the account of a draft with its history, and records its cluster's pairs once the cluster is complete. */
  emit(d: Draft, cluster?: Cluster): void {
    const rng = this.rng;
    const id = this.writer.id('users');
    const uid = uidOf(id);
    const login = d.loginFrom.kind === 'email' ? this.uniqueLogin(d.loginFrom.email.toLowerCase()) : this.uniqueLogin(emailLocal(d.loginFrom.first, d.loginFrom.last) || `user${id}`);
    let email: string | null;
    switch (d.email.kind) {
      case 'company':
        email = d.loginFrom.kind === 'name' ? `${login}@${COMPANY_DOMAINS[d.client]}` : d.loginFrom.email;
        break;
      case 'company-named':
        email = `${this.uniqueLogin(emailLocal(d.email.first, d.email.last))}@${COMPANY_DOMAINS[d.client]}`;
        break;
      case 'fixed':
        email = d.email.value;
        break;
      case 'cluster':
        email = cluster?.firstEmail ?? `${login}@${COMPANY_DOMAINS[d.client]}`;
        break;
    }
    if (cluster && cluster.uids.length === 0) cluster.firstEmail = email;
    if (email && rng.chance(0.03)) email = email.replace(/^./, (ch) => ch.toUpperCase());
    const updatedMs = between(rng, d.createdMs, Math.max(d.createdMs + 1000, d.lastLoginMs ?? d.untilMs));
    this.writer.push('users', {
      id,
      uid,
      login,
      email,
      first_name: d.first,
      last_name: d.last,
      birth_date: d.birth,
      employee_id: d.employeeId,
      phone: d.phone,
      client_id: d.client,
      org_unit_id: d.unit,
      origin: d.origin,
      status: d.status,
      is_admin: false,
      password_hash: d.passwordHash,
      last_login_at: d.lastLoginMs === null ? null : at(d.lastLoginMs),
      created_at: at(d.createdMs),
      updated_at: at(updatedMs),
    });
    this.emitted++;
    this.history.add(id, d);

    if (cluster) {
      cluster.uids.push(uid);
      if (cluster.uids.length === cluster.expected) {
        const u = [...cluster.uids].sort();
        for (let i = 0; i < u.length; i++) {
          for (let j = i + 1; j < u.length; j++) {
            if (cluster.type === 'dup') this.plantedPairs.push({ uid_a: u[i]!, uid_b: u[j]!, cause: cluster.cause! });
            else this.hardNegatives.push({ uid_a: u[i]!, uid_b: u[j]!, kind: cluster.kind! });
          }
        }
      }
    }
  }
}
