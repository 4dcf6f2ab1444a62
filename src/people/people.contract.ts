/** What other contexts may use of people: each name here is exported on purpose. */
// The catalog's stream and fold: a task names skills from it (ventures checks them when one is posted).
export { SKILL_CATALOG_STREAM, skillCatalogDecider } from './domain/skill-catalog';
export { personDecider } from './domain/person.state';
export { ringFlagDecider } from './domain/endorsement-rings';
export { PersonNames } from './queries/person-names';
