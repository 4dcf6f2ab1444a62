import { clientDecider } from '../../documents/domain/client.decide';
import { documentDecider } from '../../documents/domain/document.state';
import { legalHoldsDecider } from '../../documents/domain/legal-hold.state';
import { signatureRequestDecider } from '../../documents/domain/signature.decide';
import { signingKeysDecider } from '../../documents/domain/signing-key.events';
import { conversionDecider } from '../../conversion/domain/conversion.state';
import { windowDecider } from '../../conversion/domain/window.state';
import { boardRosterDecider } from '../../identity/domain/board-roster';
import { userDecider, type UserState } from '../../identity/domain/user.state';
import type { JsonValue } from '../../platform/event-store/event-store.port';
import type { Decider, DomainEvent } from '../../platform/event-store/stream-decider';
import { memberDecider, type MemberState } from '../../progress/domain/member.state';
import { taskDecider } from '../../ventures/domain/task.state';
import { ventureDecider } from '../../ventures/domain/venture.state';
import { walletDecider, type WalletState } from '../../wallet/domain/wallet.state';
import { awardsDecider } from '../../badges/domain/awards';
import { badgeCatalogDecider } from '../../badges/domain/badge-catalog';
import { credentialStatusDecider } from '../../badges/domain/credential-status';
import { ringFlagDecider } from '../../people/domain/endorsement-rings';
import { personDecider } from '../../people/domain/person.state';
import { skillCatalogDecider } from '../../people/domain/skill-catalog';
import type { ReadModelCheck } from './read-model-check';
import { ReplayCategoryUnknownError } from './replay.errors';
import { stateJson } from './state-json';

/** A category's decider with its types erased, so one registry can hold them all. */
export interface ReplayCategory {
  category: string;
  initialState: unknown;
  evolve(state: unknown, event: DomainEvent): unknown;
  serialize(state: unknown): JsonValue;
  readModel: ReadModelCheck<unknown> | null;
}

function replayable<State, Event extends DomainEvent>(category: string, decider: Decider<State, Event>, readModel?: ReadModelCheck<State>): ReplayCategory {
  return {
    category,
    initialState: decider.initialState,
    // The cast is the replay's claim that a stream of this category holds only its events; an
    // event that is not one makes evolve throw, and the replay reports where.
    evolve: (state, event) => decider.evolve(state as State, event as Event),
    serialize: stateJson,
    readModel: readModel ? { table: readModel.table, read: readModel.read, expected: (state, revision) => readModel.expected(state as State, revision) } : null,
  };
}

const walletsReadModel: ReadModelCheck<WalletState> = {
  table: 'wallets',
  expected: (state, revision) => ({ balanceBuz: state.balanceBuz.toString(), lockedBuz: state.lockedBuz.toString(), lastRevision: revision.toString() }),
  read: async (readModels, userId) => {
    const row = await readModels.wallet(userId);
    return row && { balanceBuz: row.balance_buz, lockedBuz: row.locked_buz, lastRevision: row.last_revision };
  },
};

const userProfilesReadModel: ReadModelCheck<MemberState> = {
  table: 'user_profiles',
  expected: (state, revision) => ({ xp: String(state.xp), level: String(state.level), repMicro: state.repMicro.toString(), lastRevision: revision.toString() }),
  read: async (readModels, userId) => {
    const row = await readModels.userProfile(userId);
    return row && { xp: row.xp, level: String(row.level), repMicro: row.rep_micro, lastRevision: row.last_revision };
  },
};

// Role order differs (grant order in the stream, sorted in the table): compare them as sets.
const identityUsersReadModel: ReadModelCheck<UserState> = {
  table: 'identity_users',
  expected: (state) => ({ roles: [...state.roles].sort(), mfaEnabled: state.mfaEnabled, kycStatus: state.kycStatus }),
  read: async (readModels, userId) => {
    const row = await readModels.identityUser(userId);
    return row && { roles: [...row.roles].sort(), mfaEnabled: row.mfa_enabled, kycStatus: row.kyc_status };
  },
};

/** Stream category → how to replay it (DESIGN §4 lists the streams). */
export const REPLAY_REGISTRY: ReadonlyMap<string, ReplayCategory> = new Map(
  [
    replayable('wallet', walletDecider, walletsReadModel),
    replayable('member', memberDecider, userProfilesReadModel),
    replayable('user', userDecider, identityUsersReadModel),
    replayable('venture', ventureDecider),
    replayable('task', taskDecider),
    replayable('window', windowDecider),
    replayable('conversion', conversionDecider),
    // roster-board at the revision a vote names shows the board that vote counted.
    replayable('roster', boardRosterDecider),
    // people and badges (#14)
    replayable('person', personDecider),
    replayable('skillCatalog', skillCatalogDecider),
    replayable('endorsementRing', ringFlagDecider),
    replayable('awards', awardsDecider),
    replayable('badgeCatalog', badgeCatalogDecider),
    replayable('statusList', credentialStatusDecider),
    // documents and signatures (#15)
    replayable('document', documentDecider),
    replayable('signature', signatureRequestDecider),
    replayable('signingkeys', signingKeysDecider),
    replayable('legalholds', legalHoldsDecider),
    replayable('client', clientDecider),
  ].map((entry) => [entry.category, entry]),
);

export function replayEntry(category: string): ReplayCategory {
  const entry = REPLAY_REGISTRY.get(category);
  if (!entry) throw new ReplayCategoryUnknownError(category, [...REPLAY_REGISTRY.keys()]);
  return entry;
}
