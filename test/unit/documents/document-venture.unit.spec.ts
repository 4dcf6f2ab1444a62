import { describe, expect, it } from 'vitest';
import { documentTargets } from '../../../src/documents/commands/documents-stream.writer';
import { documentEventSchemas } from '../../../src/documents/domain/documents.event-schemas';
import { EventSchemaRegistry } from '../../../src/platform/event-store/event-schemas';
import { DOCUMENT_ID, OWNER, given, registered, registeredData } from '../../support/document-events';

const VENTURE = '00000000-0000-4000-8000-0000000000f1';

describe('a document belongs to a venture (DocumentRegistered v2)', () => {
  const registry = new EventSchemaRegistry([documentEventSchemas]);

  it('reads a v1 registration, written before documents had ventures, as belonging to none', () => {
    const { ventureId: _dropped, ...v1 } = registeredData();
    const parsed = registry.parseStored('DocumentRegistered', v1, 1);
    expect(parsed?.success).toBe(true);
    expect(parsed?.data).toEqual({ ...v1, ventureId: null });
  });

  it("puts the document's venture among what a hold may cover, next to the document, its owner and clients", () => {
    const inVenture = given({ type: 'DocumentRegistered', data: { ...registeredData(), ventureId: VENTURE } });
    expect(documentTargets(DOCUMENT_ID, inVenture)).toEqual({
      document: [DOCUMENT_ID],
      user: [OWNER],
      client: [],
      venture: [VENTURE],
    });
    expect(documentTargets(DOCUMENT_ID, given(registered())).venture).toEqual([]);
  });
});
