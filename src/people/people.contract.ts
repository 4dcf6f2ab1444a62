/** What other contexts may use of people: each name here is exported on purpose. */
export { skillCatalogDecider } from './domain/skill-catalog';
export { personDecider } from './domain/person.state';
export { ringFlagDecider } from './domain/endorsement-rings';
export { PersonNames } from './queries/person-names';
