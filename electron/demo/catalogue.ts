import { faker as fakerDE } from '@faker-js/faker/locale/de';
import { faker as fakerEN } from '@faker-js/faker/locale/en';
import type { Rng } from './rng';

/**
 * The training catalogue and the organisation: everything that does not belong to one
 * user. Sizes grow with the number of users; ids are 1..n per table.
 */
export type Row = Record<string, unknown>;

export interface Leaf {
  id: number;
  region: number;
  client: number;
  department: string;
  city: string;
}

export interface Catalogue {
  clients: Row[];
  orgUnits: Row[];
  rootUnit: number;
  regionUnits: { id: number; name: string }[];
  leaves: Leaf[];
  leavesByRegion: number[][];
  selfRegistrationUnit: number;
  groups: Row[];
  courses: Row[];
  /** per course index: its sco ids and test ids */
  courseScos: number[][];
  courseTests: number[][];
  media: Row[];
  scos: Row[];
  tests: Row[];
  standaloneTests: number[];
  feedbackForms: Row[];
  ojtTrainings: Row[];
  ojtTaskCount: number[];
  jobProfiles: Row[];
  skills: Row[];
  learningPaths: Row[];
  levelBasedPaths: number[];
  jobTitles: string[];
}

export const COMPANY_DOMAINS: Record<number, string> = { 1: 'nordwerk.de', 2: 'nordwerk-services.com' };

const REGIONS = ['Region Nord', 'Region Süd', 'Region Ost', 'Region West'] as const;
/** Region Ost belongs to the second client. */
const REGION_CLIENT = [1, 1, 2, 1] as const;

const DEPARTMENTS = [
  'Produktion', 'Logistik', 'Vertrieb', 'Finanzen', 'Personal', 'IT', 'Einkauf', 'Qualitätsmanagement', 'Kundenservice',
  'Forschung & Entwicklung', 'Marketing', 'Recht', 'Instandhaltung', 'Controlling', 'Sales', 'Customer Success', 'Engineering',
];

const TOPICS = [
  'Arbeitssicherheit', 'Brandschutz', 'Datenschutz (DSGVO)', 'Erste Hilfe', 'Compliance', 'Informationssicherheit', 'Excel',
  'Führung', 'Projektmanagement', 'Zeitmanagement', 'Konfliktmanagement', 'Gabelstapler', 'Hygiene', 'Qualitätsmanagement ISO 9001',
  'Fire Safety', 'Anti-Bribery', 'Code of Conduct', 'Customer Communication', 'Negotiation', 'Agile Basics', 'Scrum', 'SAP',
  'Power BI', 'Presentation Skills', 'Cyber Security Awareness', 'Health and Safety', 'Onboarding', 'Product Training',
  'Umweltmanagement', 'Ladungssicherung', 'Gefahrstoffe', 'Exportkontrolle', 'Kundenorientierung', 'Moderation',
];
const LEVELS = ['Grundlagen', 'Aufbau', 'Refresher', 'Basics', 'Advanced', 'Expert', 'Unterweisung', 'E-Learning', 'Workshop', 'Webinar'];
const SKILL_AREAS = [
  'Kommunikation', 'Teamarbeit', 'Kundenorientierung', 'Führungskompetenz', 'Analytisches Denken', 'Java', 'Python', 'SQL', 'Excel',
  'SAP MM', 'SAP SD', 'Schweißen', 'CNC-Fräsen', 'Gabelstaplerschein', 'Erste Hilfe', 'Englisch', 'Deutsch', 'Verhandlung',
  'Projektleitung', 'Problem Solving', 'Time Management', 'Negotiation', 'Cloud Computing', 'Data Protection', 'Lean Management',
];
const GROUP_KINDS = ['Ersthelfer', 'Brandschutzhelfer', 'Führungskräfte', 'Auszubildende', 'Betriebsrat', 'Projektteam', 'Sicherheitsbeauftragte', 'Mentoren', 'Key Users', 'Trainees', 'Sales Champions'];

function clamp(v: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, Math.round(v)));
}

export function buildCatalogue(rng: Rng, users: number): Catalogue {
  const clients: Row[] = [
    { id: 1, name: 'Nordwerk AG', keep_highest_level_protection: true },
    { id: 2, name: 'Nordwerk Services GmbH', keep_highest_level_protection: false },
  ];

  // Organisation: root → regions → departments per city → teams (the leaves).
  const orgUnits: Row[] = [{ id: 1, parent_id: null, name: 'Nordwerk Gruppe' }];
  let unitId = 1;
  const leafTarget = clamp(users / 60, 8, 4000);
  const deptsPerRegion = Math.max(2, Math.round(Math.sqrt(leafTarget / 4)));
  const teamsPerDept = Math.max(1, Math.ceil(leafTarget / (4 * deptsPerRegion)));
  const regionUnits: { id: number; name: string }[] = [];
  const leaves: Leaf[] = [];
  const leavesByRegion: number[][] = [];
  REGIONS.forEach((name, r) => {
    const regionId = ++unitId;
    regionUnits.push({ id: regionId, name });
    orgUnits.push({ id: regionId, parent_id: 1, name });
    leavesByRegion.push([]);
    for (let d = 0; d < deptsPerRegion; d++) {
      const department = DEPARTMENTS[(d + r * 3) % DEPARTMENTS.length]!;
      const city = fakerDE.location.city();
      const deptId = ++unitId;
      orgUnits.push({ id: deptId, parent_id: regionId, name: `${department} ${city}` });
      for (let t = 0; t < teamsPerDept; t++) {
        const teamId = teamsPerDept === 1 ? deptId : ++unitId;
        if (teamsPerDept > 1) orgUnits.push({ id: teamId, parent_id: deptId, name: `${department} ${city} – Team ${String.fromCharCode(65 + (t % 26))}${t >= 26 ? Math.floor(t / 26) : ''}` });
        leavesByRegion[r]!.push(leaves.length);
        leaves.push({ id: teamId, region: r, client: REGION_CLIENT[r]!, department, city });
      }
    }
  });
  const selfRegistrationUnit = ++unitId;
  orgUnits.push({ id: selfRegistrationUnit, parent_id: 1, name: 'Externe / Selbstregistrierung' });

  const groupCount = clamp(users / 500, 8, 300);
  const groups: Row[] = [];
  for (let i = 1; i <= groupCount; i++) {
    const kind = GROUP_KINDS[(i - 1) % GROUP_KINDS.length]!;
    groups.push({ id: i, name: i <= GROUP_KINDS.length ? kind : `${kind} ${fakerDE.location.city()} ${i}` });
  }

  const courseCount = clamp(users / 80, 30, 3000);
  const courses: Row[] = [];
  const courseScos: number[][] = [];
  const courseTests: number[][] = [];
  const scos: Row[] = [];
  const tests: Row[] = [];
  for (let i = 1; i <= courseCount; i++) {
    const topic = TOPICS[(i - 1) % TOPICS.length]!;
    const level = rng.pick(LEVELS);
    const title = i <= TOPICS.length ? `${topic} – ${level}` : `${topic} – ${level} ${2015 + (i % 12)}`;
    courses.push({ id: i, code: `C-${String(i).padStart(5, '0')}`, title });
    const s: number[] = [];
    if (rng.chance(0.4)) {
      const n = rng.int(1, 3);
      for (let k = 1; k <= n; k++) {
        const id = scos.length + 1;
        scos.push({ id, course_id: i, identifier: `SCO_${i}_${k}`, title: `${topic}: Lektion ${k}` });
        s.push(id);
      }
    }
    courseScos.push(s);
    const t: number[] = [];
    if (rng.chance(0.5)) {
      const id = tests.length + 1;
      tests.push({ id, course_id: i, title: `Abschlusstest ${title}` });
      t.push(id);
    }
    courseTests.push(t);
  }
  const standaloneTests: number[] = [];
  const standaloneCount = clamp(courseCount / 10, 4, 200);
  for (let i = 0; i < standaloneCount; i++) {
    const id = tests.length + 1;
    tests.push({ id, course_id: null, title: `Wissenscheck ${rng.pick(TOPICS)} ${i + 1}` });
    standaloneTests.push(id);
  }

  const media: Row[] = [];
  const mediaCount = clamp(courseCount * 1.2, 30, 4000);
  for (let i = 1; i <= mediaCount; i++) {
    const kind = rng.pick(['Video', 'PDF', 'Podcast', 'Infografik', 'Checkliste', 'Video', 'Handout']);
    media.push({ id: i, title: `${kind}: ${rng.pick(TOPICS)} – Teil ${rng.int(1, 6)}` });
  }

  const feedbackForms: Row[] = [];
  for (let i = 1; i <= clamp(users / 2000, 8, 60); i++) feedbackForms.push({ id: i, title: `Feedback ${rng.pick(['Seminar', 'E-Learning', 'Webinar', 'Onboarding', 'Trainer'])} ${i}` });

  const ojtTrainings: Row[] = [];
  const ojtTaskCount: number[] = [];
  for (let i = 1; i <= clamp(users / 1000, 8, 120); i++) {
    ojtTrainings.push({ id: i, title: `Einarbeitung ${rng.pick(DEPARTMENTS)}: ${rng.pick(TOPICS)}` });
    ojtTaskCount.push(rng.int(3, 8));
  }

  const jobTitles: string[] = [];
  for (let i = 0; i < 60; i++) jobTitles.push(i % 2 === 0 ? fakerDE.person.jobTitle() : fakerEN.person.jobTitle());
  const jobProfiles: Row[] = [];
  for (let i = 1; i <= clamp(users / 1000, 10, 150); i++) jobProfiles.push({ id: i, name: i <= jobTitles.length ? jobTitles[i - 1]! : `${jobTitles[(i - 1) % jobTitles.length]} ${Math.ceil(i / jobTitles.length)}` });

  const skills: Row[] = [];
  for (let i = 1; i <= clamp(users / 300, 30, 500); i++) {
    const area = SKILL_AREAS[(i - 1) % SKILL_AREAS.length]!;
    skills.push({ id: i, name: i <= SKILL_AREAS.length ? area : `${area} ${Math.ceil(i / SKILL_AREAS.length)}` });
  }

  const learningPaths: Row[] = [];
  const levelBasedPaths: number[] = [];
  for (let i = 1; i <= clamp(users / 2000, 10, 80); i++) {
    const levelBased = i % 2 === 1;
    learningPaths.push({ id: i, title: `${levelBased ? 'Karrierepfad' : 'Lernpfad'} ${rng.pick(DEPARTMENTS)} ${i}`, level_based: levelBased });
    if (levelBased) levelBasedPaths.push(i);
  }

  return {
    clients,
    orgUnits,
    rootUnit: 1,
    regionUnits,
    leaves,
    leavesByRegion,
    selfRegistrationUnit,
    groups,
    courses,
    courseScos,
    courseTests,
    media,
    scos,
    tests,
    standaloneTests,
    feedbackForms,
    ojtTrainings,
    ojtTaskCount,
    jobProfiles,
    skills,
    learningPaths,
    levelBasedPaths,
    jobTitles,
  };
}
