import { appendContract } from './append.contract';
import type { ContractSubject } from './contract-subject';
import { readContract } from './read.contract';
import { schemaContract } from './schema.contract';
import { subscriptionContract } from './subscription.contract';

/** DESIGN §2: every adapter of the EventStore port runs exactly these tests. */
export function eventStoreContract(subject: () => ContractSubject): void {
  appendContract(subject);
  readContract(subject);
  subscriptionContract(subject);
  schemaContract(subject);
}
