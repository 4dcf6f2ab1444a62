/** What other contexts may use of documents: each name here is exported on purpose. */
export { signatureRequestDecider } from './domain/signature.decide';
export { legalHoldsDecider } from './domain/legal-hold.state';
export { documentDecider } from './domain/document.state';
export { clientDecider } from './domain/client.decide';
export { pendingSignatures } from './queries/signature-list.queries';
