/** What other contexts may use of badges: each name here is exported on purpose. */
export { BadgeNames } from './queries/badge-names';
export { credentialIdOf } from './domain/credential-ids';
export { credentialStatusDecider } from './domain/credential-status';
export { badgeCatalogDecider } from './domain/badge-catalog';
export { awardsDecider } from './domain/awards';
