import { describeRule } from '../domain/badge-rules';
import type { BadgeDefinition } from '../domain/badge-catalog';
import { STATUS_LIST_ID } from '../domain/credential-status';
import { signEddsaJcs } from './data-integrity';
import type { IssuerKey } from './issuer-key';

export const ISSUER_NAME = 'SmartStart Ledger';
const CONTEXTS = ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'];

/** Where each public document lives, under PUBLIC_BASE_URL. */
export const credentialUrls = (baseUrl: string) => ({
  issuer: `${baseUrl}/api/v1/credentials/issuer`,
  verificationMethod: `${baseUrl}/api/v1/credentials/issuer#key-1`,
  credential: (credentialId: string) => `${baseUrl}/api/v1/credentials/${credentialId}`,
  achievement: (code: string) => `${baseUrl}/api/v1/badges/${code}/achievement`,
  statusList: `${baseUrl}/api/v1/credentials/status/${STATUS_LIST_ID}`,
  profile: (userId: string) => `${baseUrl}/api/v1/profiles/${userId}`,
  inclusionProof: (eventId: string) => `${baseUrl}/api/v1/audit/proofs/inclusion/${eventId}`,
});

export interface CredentialRecord {
  credentialId: string;
  userId: string;
  awardEventId: string;
  awardEventHash: string;
  awardedAt: string;
  statusListIndex: number;
}

export function achievementDocument(baseUrl: string, badge: BadgeDefinition) {
  return {
    id: credentialUrls(baseUrl).achievement(badge.code),
    type: ['Achievement'],
    name: badge.name,
    description: badge.description,
    criteria: { narrative: `Awarded when ${describeRule(badge.rule)}.` },
  };
}

export function issuerDocument(baseUrl: string, key: IssuerKey) {
  const urls = credentialUrls(baseUrl);
  return {
    '@context': CONTEXTS,
    id: urls.issuer,
    type: ['Profile'],
    name: ISSUER_NAME,
    url: baseUrl,
    verificationMethod: [
      {
        id: urls.verificationMethod,
        type: 'Multikey' as const,
        controller: urls.issuer,
        publicKeyMultibase: key.publicKeyMultibase,
      },
    ],
    assertionMethod: [urls.verificationMethod],
  };
}

/**
 * The OpenBadgeCredential (VC Data Model 2.0, Open Badges 3.0) of one award. The recipient is
 * their profile URL (no email, not even hashed); the evidence names the BadgeAwarded event, its
 * hash and its inclusion proof, so the signed log backs the award.
 */
export function openBadgeCredential(baseUrl: string, key: IssuerKey, badge: BadgeDefinition, record: CredentialRecord) {
  const urls = credentialUrls(baseUrl);
  const document = {
    '@context': CONTEXTS,
    id: urls.credential(record.credentialId),
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: urls.issuer, type: ['Profile'], name: ISSUER_NAME },
    validFrom: record.awardedAt,
    name: badge.name,
    credentialSubject: {
      id: urls.profile(record.userId),
      type: ['AchievementSubject'],
      achievement: achievementDocument(baseUrl, badge),
    },
    evidence: [
      {
        id: urls.inclusionProof(record.awardEventId),
        type: ['Evidence'],
        name: `BadgeAwarded event ${record.awardEventId}`,
        description: `The award as recorded in the ledger's hash-chained, signed log; event hash ${record.awardEventHash}.`,
      },
    ],
    credentialStatus: {
      id: `${urls.statusList}#${record.statusListIndex}`,
      type: 'BitstringStatusListEntry' as const,
      statusPurpose: 'revocation' as const,
      statusListIndex: String(record.statusListIndex),
      statusListCredential: urls.statusList,
    },
  };
  return signEddsaJcs(document, proofOptions(urls.verificationMethod, record.awardedAt), key);
}

export function statusListCredential(baseUrl: string, key: IssuerKey, encodedList: string, validFrom: string) {
  const urls = credentialUrls(baseUrl);
  const document = {
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    id: urls.statusList,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: urls.issuer,
    validFrom,
    credentialSubject: {
      id: `${urls.statusList}#list`,
      type: 'BitstringStatusList' as const,
      statusPurpose: 'revocation' as const,
      encodedList,
    },
  };
  return signEddsaJcs(document, proofOptions(urls.verificationMethod, validFrom), key);
}

function proofOptions(verificationMethod: string, created: string) {
  return {
    type: 'DataIntegrityProof',
    cryptosuite: 'eddsa-jcs-2022',
    created,
    verificationMethod,
    proofPurpose: 'assertionMethod',
  } as const;
}
