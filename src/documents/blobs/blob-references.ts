import type { Knex } from 'knex';

/** `document_blob_refs`: which documents use which blob, whichever store holds the bytes. */
export async function addReference(knex: Knex, sha256: string, documentId: string): Promise<void> {
  await knex('document_blob_refs')
    .insert({ sha256, document_id: documentId })
    .onConflict(['sha256', 'document_id'])
    .ignore();
}

/** Drops the document's references; returns the hashes it referred to. */
export async function dropReferences(knex: Knex, documentId: string): Promise<string[]> {
  const dropped = await knex('document_blob_refs').where({ document_id: documentId }).delete().returning('sha256');
  return dropped.map((row: { sha256: string }) => row.sha256);
}

export async function isReferenced(knex: Knex, sha256: string): Promise<boolean> {
  return (await knex('document_blob_refs').where({ sha256 }).first('sha256')) !== undefined;
}
