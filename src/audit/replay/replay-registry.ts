import {
  clientDecider,
  documentDecider,
  legalHoldsDecider,
  signatureRequestDecider,
} from '../../documents/documents.contract';
import { signingKeysDecider } from '../../documents/domain/signing-key.events';
import type { JsonValue } from '../../shared-kernel/json';
import type { Decider, DomainEvent } from '../../shared-kernel/decider';
import { awardsDecider, badgeCatalogDecider, credentialStatusDecider } from '../../badges/badges.contract';
import { ringFlagDecider, personDecider, skillCatalogDecider } from '../../people/people.contract';
import type { ReadModelCheck } from './read-model-check';
import { ReplayCategoryUnknownError } from './replay.errors';
import { stateJson } from './state-json';
import { conversionDecider, equityPoolDecider, windowDecider } from '../../conversion/conversion.contract';
import { apiTokenDecider, boardRosterDecider, userDecider, type UserState } from '../../identity/identity.contract';
import { memberDecider, type MemberState } from '../../progress/progress.contract';
import { taskDecider, ventureDecider } from '../../ventures/ventures.contract';
import { walletDecider, type WalletState } from '../../wallet/wallet.contract';

/** A category's decider with its types erased, so one registry can hold them all. */
export interface ReplayCategory {
  category: string;
  initialState: unknown;
  evolve(state: unknown, event: DomainEvent): unknown;
  serialize(state: unknown): JsonValue;
  readModel: ReadModelCheck<unknown> | null;
}

function replayable<State, Event extends DomainEvent>(
  category: string,
  decider: Decider<State, Event>,
  readModel?: ReadModelCheck<State>,
): ReplayCategory {
  return {
    category,
    initialState: decider.initialState,
    // The cast is the replay's claim that a stream of this category holds only its events; an
    // event that is not one makes evolve throw, and the replay reports where.
    evolve: (state, event) => decider.evolve(state as State, event as Event),
    serialize: stateJson,
    readModel: readModel
      ? {
          table: readModel.table,
          read: readModel.read,
          expected: (state, revision) => readModel.expected(state as State, revision),
        }
      : null,
  };
}

const walletsReadModel: ReadModelCheck<WalletState> = {
  table: 'wallets',
  expected: (state, revision) => ({
    balanceBuz: state.balanceBuz.toString(),
    lockedBuz: state.lockedBuz.toString(),
    lastRevision: revision.toString(),
  }),
  read: async (readModels, userId) => {
    const row = await readModels.wallet(userId);
    return row && { balanceBuz: row.balance_buz, lockedBuz: row.locked_buz, lastRevision: row.last_revision };
  },
};

const userProfilesReadModel: ReadModelCheck<MemberState> = {
  table: 'user_profiles',
  expected: (state, revision) => ({
    xp: String(state.xp),
    level: String(state.level),
    repMicro: state.repMicro.toString(),
    lastRevision: revision.toString(),
  }),
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
    replayable('equityPool', equityPoolDecider),
    // roster-board at the revision a vote names shows the board that vote counted.
    replayable('roster', boardRosterDecider),
    replayable('apiToken', apiTokenDecider),
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
