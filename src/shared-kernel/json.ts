/** What an event's data may hold: JSON, so it hashes canonically and survives any store. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };
