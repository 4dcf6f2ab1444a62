import type { ReplayReadModelsRepository } from './replay-read-models.repository';

/** Compared values: decimal strings for every integer (bigint or not), so equal means equal text. */
export type FieldValue = string | boolean | readonly string[] | null;
export type Fields = Readonly<Record<string, FieldValue>>;

/** How a category's read model is held against a stream replayed to its head. */
export interface ReadModelCheck<State> {
  /** The read-model table compared with. */
  table: string;
  /** The fields as the read model should hold them after `revision`, the stream's head. */
  expected(state: State, revision: bigint): Fields;
  /** The same fields as the read model holds them; null when it has no row for the entity. */
  read(this: void, readModels: ReplayReadModelsRepository, entityId: string): Promise<Fields | null>;
}

export interface FieldDifference {
  field: string;
  replayed: FieldValue;
  readModel: FieldValue;
}

export interface CrossCheck {
  /** False when nothing was compared: not at the head, or no read model for this category. */
  checked: boolean;
  /** True only when a comparison ran and found no difference. */
  matches: boolean;
  differences: FieldDifference[];
  readModel: string | null;
  /** Why no comparison ran; null when it did. */
  reason: string | null;
}

/** Every expected field that the row lacks or holds otherwise; a missing row differs everywhere. */
export function fieldDifferences(replayed: Fields, readModel: Fields | null): FieldDifference[] {
  return Object.entries(replayed)
    .map(([field, value]) => ({ field, replayed: value, readModel: readModel?.[field] ?? null }))
    .filter((difference) => JSON.stringify(difference.replayed) !== JSON.stringify(difference.readModel));
}

export function uncheckedCrossCheck(readModel: string | null, reason: string): CrossCheck {
  return { checked: false, matches: false, differences: [], readModel, reason };
}
