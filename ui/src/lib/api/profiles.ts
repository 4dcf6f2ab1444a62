import { apiGet, apiPatch, apiPost, apiPut, type BodyOf, type ResponseOf } from './contract';
import type { RequestOptions } from './http';

/** A member's profile as anyone may see it: what `isPublic` allows, with skills and badges. */
export type Profile = ResponseOf<'/api/v1/profiles/{userId}', 'get'>;
/** The own profile: the public one plus the theme and the endorsements left today. */
export type MyProfile = ResponseOf<'/api/v1/profiles/me', 'get'>;
export type ProfileChanges = BodyOf<'/api/v1/profiles/me', 'patch'>;
export type Theme = MyProfile['theme'];
export type ProfileSkill = Profile['skills'][number];
export type HeldBadge = Profile['badges'][number];
export type PortfolioItem = ResponseOf<'/api/v1/profiles/{userId}/portfolio', 'get'>['items'][number];
export type Skill = ResponseOf<'/api/v1/skills', 'get'>['skills'][number];
export type Endorsement = ResponseOf<'/api/v1/profiles/me/endorse', 'post'>;
export type AvatarSet = ResponseOf<'/api/v1/profiles/me/avatar', 'put'>;
/** How a person appears wherever they are named: name and avatar only. */
export type Person = ResponseOf<'/api/v1/people', 'get'>['people'][number];

export function getProfile(userId: string, options?: RequestOptions): Promise<Profile> {
  return apiGet('/api/v1/profiles/{userId}', { path: { userId } }, options);
}

export function getMyProfile(options?: RequestOptions): Promise<MyProfile> {
  return apiGet('/api/v1/profiles/me', {}, options);
}

export function updateMyProfile(changes: ProfileChanges): Promise<ResponseOf<'/api/v1/profiles/me', 'patch'>> {
  return apiPatch('/api/v1/profiles/me', { body: changes });
}

/** The image travels as base64 in JSON, like every other write; the server sniffs its type from the bytes. */
export function setMyAvatar(imageBase64: string): Promise<AvatarSet> {
  return apiPut('/api/v1/profiles/me/avatar', { body: { image: imageBase64 } });
}

export function getPortfolio(userId: string, options?: RequestOptions): Promise<PortfolioItem[]> {
  return apiGet('/api/v1/profiles/{userId}/portfolio', { path: { userId } }, options).then((answer) => answer.items);
}

export type NewPortfolioItem = BodyOf<'/api/v1/portfolio', 'post'>;

export function addPortfolioItem(item: NewPortfolioItem): Promise<ResponseOf<'/api/v1/portfolio', 'post'>> {
  return apiPost('/api/v1/portfolio', { body: item });
}

export function listSkills(options?: RequestOptions): Promise<Skill[]> {
  return apiGet('/api/v1/skills', {}, options).then((answer) => answer.skills);
}

export function addMySkill(
  skillSlug: string,
  level: number,
  evidenceUrl?: string,
): Promise<ResponseOf<'/api/v1/profiles/me/skills', 'post'>> {
  return apiPost('/api/v1/profiles/me/skills', { body: { skillSlug, level, ...(evidenceUrl ? { evidenceUrl } : {}) } });
}

export function endorse(userId: string, skillSlug: string, note: string | null): Promise<Endorsement> {
  return apiPost('/api/v1/profiles/me/endorse', { body: { userId, skillSlug, note } });
}

/** Names and avatars for up to 100 members in one call. */
export function listPeople(userIds: readonly string[], options?: RequestOptions): Promise<Person[]> {
  return apiGet('/api/v1/people', { query: { ids: userIds.join(',') } }, options).then((answer) => answer.people);
}

/** Which of this member's skills the signed-in caller may verify, and the accepted task to name for each. */
export type SkillVerifier = ResponseOf<'/api/v1/profiles/{userId}/skill-verifier', 'get'>;

export function getSkillVerifier(userId: string, options?: RequestOptions): Promise<SkillVerifier> {
  return apiGet('/api/v1/profiles/{userId}/skill-verifier', { path: { userId } }, options);
}

export function verifySkill(
  userId: string,
  skillSlug: string,
  taskId: string | null,
): Promise<ResponseOf<'/api/v1/profiles/{userId}/skills/{skillSlug}/verify', 'post'>> {
  return apiPost('/api/v1/profiles/{userId}/skills/{skillSlug}/verify', {
    path: { userId, skillSlug },
    body: taskId ? { taskId } : {},
  });
}

/** A reciprocal pair or short cycle of endorsements within a UTC day, flagged for compliance review (never blocked). */
export type EndorsementFlag = ResponseOf<'/api/v1/compliance/endorsement-flags', 'get'>['flags'][number];
/** Which flags to list: those nobody has reviewed yet, the reviewed ones, or all (the server checks the word). */
export type RingFlagStatus = 'open' | 'reviewed' | 'all';
export type RingReview = BodyOf<'/api/v1/compliance/endorsement-flags/{flagId}/review', 'post'>;

export function listEndorsementFlags(status: RingFlagStatus, options?: RequestOptions): Promise<EndorsementFlag[]> {
  return apiGet('/api/v1/compliance/endorsement-flags', { query: { status } }, options).then((answer) => answer.flags);
}

/** Dismissed or confirmed, once: a second review is 409 RING_FLAG_ALREADY_REVIEWED. */
export function reviewEndorsementFlag(
  flagId: string,
  review: RingReview,
): Promise<ResponseOf<'/api/v1/compliance/endorsement-flags/{flagId}/review', 'post'>> {
  return apiPost('/api/v1/compliance/endorsement-flags/{flagId}/review', { path: { flagId }, body: review });
}
