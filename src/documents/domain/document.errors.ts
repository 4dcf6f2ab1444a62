import { DomainError } from '../../platform/http/domain-error';

/** Also what a caller who may not see the document gets, so its existence does not leak. */
export class DocumentNotFoundError extends DomainError {
  constructor(documentId: string) {
    super('DOCUMENT_NOT_FOUND', `No document ${documentId} that you can see`, { documentId });
  }
}

export class NotDocumentOwnerError extends DomainError {
  constructor(documentId: string, action: string) {
    super('NOT_DOCUMENT_OWNER', `Only the document's owner may ${action}`, { documentId });
  }
}

export class DocumentNotActiveError extends DomainError {
  constructor(documentId: string, status: string | null) {
    super('DOCUMENT_NOT_ACTIVE', `The document is ${String(status).toLowerCase()}`, { documentId, status });
  }
}
