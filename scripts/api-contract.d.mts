// Types of api-contract.mjs, for the test that imports it.
export const GENERATED_DIR: string;
export const DOCUMENT_FILE: string;
export const TYPES_FILE: string;
export function documentText(document: unknown): string;
export function typesText(document: unknown): Promise<string>;
