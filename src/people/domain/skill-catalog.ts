import { assertNever } from '../../shared-kernel/assert-never';
import { DomainError } from '../../shared-kernel/domain-error';
import type { Decider } from '../../shared-kernel/decider';

export interface Skill {
  [key: string]: string;
  slug: string;
  name: string;
  category: string;
}

const seed = (category: string, skills: [string, string][]): Skill[] =>
  skills.map(([slug, name]) => ({ slug, name, category }));

/** The catalog every installation starts with; admins add more (SkillDefined on `skills-catalog`). */
export const SEEDED_SKILLS: readonly Skill[] = [
  ...seed('engineering', [
    ['typescript', 'TypeScript'],
    ['python', 'Python'],
    ['rust', 'Rust'],
    ['go', 'Go'],
    ['sql', 'SQL'],
    ['frontend', 'Frontend development'],
    ['backend', 'Backend development'],
    ['mobile', 'Mobile development'],
    ['devops', 'DevOps'],
    ['testing', 'Testing and QA'],
    ['security', 'Security engineering'],
    ['data-engineering', 'Data engineering'],
    ['machine-learning', 'Machine learning'],
    ['smart-contracts', 'Smart contracts'],
  ]),
  ...seed('design', [
    ['ux-design', 'UX design'],
    ['ui-design', 'UI design'],
    ['accessibility', 'Accessibility'],
    ['illustration', 'Illustration'],
  ]),
  ...seed('product', [
    ['product-management', 'Product management'],
    ['user-research', 'User research'],
    ['technical-writing', 'Technical writing'],
    ['project-management', 'Project management'],
  ]),
  ...seed('business', [
    ['marketing', 'Marketing'],
    ['sales', 'Sales'],
    ['finance', 'Finance'],
    ['legal', 'Legal'],
    ['fundraising', 'Fundraising'],
  ]),
  ...seed('community', [
    ['community-management', 'Community management'],
    ['mentoring', 'Mentoring'],
    ['translation', 'Translation'],
    ['code-review', 'Code review'],
  ]),
];

export type SkillCatalogEvent = { type: 'SkillDefined'; data: Skill & { definedBy: string } };

export const SKILL_CATALOG_STREAM = 'skillCatalog-main';

export interface SkillCatalogState {
  skills: Readonly<Record<string, Skill>>;
}

export const initialSkillCatalog: SkillCatalogState = {
  skills: Object.fromEntries(SEEDED_SKILLS.map((skill) => [skill.slug, skill])),
};

export function evolveSkillCatalog(state: SkillCatalogState, event: SkillCatalogEvent): SkillCatalogState {
  switch (event.type) {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- one event type today; the switch stays exhaustive (house style) for the next
    case 'SkillDefined': {
      const { slug, name, category } = event.data;
      return { skills: { ...state.skills, [slug]: { slug, name, category } } };
    }
    default:
      return assertNever(event.type);
  }
}

export const skillCatalogDecider: Decider<SkillCatalogState, SkillCatalogEvent> = {
  initialState: initialSkillCatalog,
  evolve: evolveSkillCatalog,
};

export function defineSkill(state: SkillCatalogState, skill: Skill, definedBy: string): SkillCatalogEvent[] {
  if (Object.hasOwn(state.skills, skill.slug))
    throw new DomainError('SKILL_EXISTS', `The catalog already has the skill ${skill.slug}`, { skillSlug: skill.slug });
  return [{ type: 'SkillDefined', data: { ...skill, definedBy } }];
}

export function requireSkill(state: SkillCatalogState, skillSlug: string): Skill {
  const skill = Object.hasOwn(state.skills, skillSlug) ? state.skills[skillSlug] : undefined;
  if (!skill)
    throw new DomainError('SKILL_NOT_FOUND', `No skill ${skillSlug} in the catalog (GET /api/v1/skills)`, {
      skillSlug,
    });
  return skill;
}
