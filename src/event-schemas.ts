import { checkpointEventSchemas } from './audit/checkpoints/checkpoint.event-schemas';
import {
  clientEventSchemas,
  documentEventSchemas,
  legalHoldEventSchemas,
  signatureEventSchemas,
  signingKeyEventSchemas,
} from './documents/domain/documents.event-schemas';
import {
  awardEventSchemas,
  badgeCatalogEventSchemas,
  credentialStatusEventSchemas,
} from './badges/domain/badges.event-schemas';
import {
  conversionEventSchemas,
  equityPoolEventSchemas,
  windowEventSchemas,
  windowIndexEventSchemas,
} from './conversion/domain/conversion.event-schemas';
import {
  apiTokenEventSchemas,
  boardRosterEventSchemas,
  userEventSchemas,
} from './identity/domain/identity.event-schemas';
import { EventSchemaRegistry } from './platform/event-store/event-schemas';
import type { EventStore } from './platform/event-store/event-store.port';
import { SchemaCheckedEventStore } from './platform/event-store/schema-checked-event-store';
import {
  endorsementRingEventSchemas,
  personEventSchemas,
  skillCatalogEventSchemas,
} from './people/domain/people.event-schemas';
import { memberEventSchemas } from './progress/domain/member.event-schemas';
import { seedEventSchemas } from './seed/seed.event-schemas';
import { taskEventSchemas, ventureEventSchemas } from './ventures/domain/ventures.event-schemas';
import { walletEventSchemas } from './wallet/domain/wallet.event-schemas';

/**
 * Every event type the ledger writes, with its versioned schema: the one registry appends are
 * checked against and reads are upcast with. Assembled here, outside `platform/`, because the
 * platform knows no context; each context owns its `*.event-schemas.ts`.
 */
export const EVENT_SCHEMAS = new EventSchemaRegistry([
  userEventSchemas,
  boardRosterEventSchemas,
  apiTokenEventSchemas,
  ventureEventSchemas,
  taskEventSchemas,
  walletEventSchemas,
  memberEventSchemas,
  windowEventSchemas,
  windowIndexEventSchemas,
  conversionEventSchemas,
  equityPoolEventSchemas,
  checkpointEventSchemas,
  seedEventSchemas,
  personEventSchemas,
  skillCatalogEventSchemas,
  endorsementRingEventSchemas,
  awardEventSchemas,
  badgeCatalogEventSchemas,
  credentialStatusEventSchemas,
  documentEventSchemas,
  signatureEventSchemas,
  signingKeyEventSchemas,
  legalHoldEventSchemas,
  clientEventSchemas,
]);

/** An adapter (PostgreSQL or EventStoreDB) behind the schema check and the upcasters, as the app, the CLI and the jobs use it. */
export function withEventSchemas(adapter: EventStore): EventStore {
  return new SchemaCheckedEventStore(adapter, EVENT_SCHEMAS);
}
