import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Knex } from 'knex';
import { KNEX } from '../../platform/platform.tokens';
import { addSkill, recordProfileChange, verifySkill } from '../domain/person.decide';
import { PROFILE_FIELDS, type ProfileField } from '../domain/person.events';
import { defineSkill, SKILL_CATALOG_STREAM, skillCatalogDecider } from '../domain/skill-catalog';
import { StreamWriter } from '../../platform/event-store/stream-writer.service';
import { AddSkill, DefineSkill, UpdateProfile, VerifySkill, type ProfilePatch } from './people.commands';
import { PersonStreams } from './person-streams';

const COLUMN_OF: Record<Exclude<ProfileField, 'avatar'>, string> = {
  nickname: 'nickname',
  bio: 'bio',
  location: 'location',
  websiteUrl: 'website_url',
  theme: 'theme',
  isPublic: 'is_public',
};

/**
 * The values go to the erasable `profiles` row first; the event then records which fields
 * changed. A repeated request changes nothing and records nothing new.
 */
@CommandHandler(UpdateProfile)
export class UpdateProfileHandler implements ICommandHandler<UpdateProfile> {
  constructor(
    private readonly people: PersonStreams,
    @Inject(KNEX) private readonly knex: Knex,
  ) {}

  async execute({ userId, patch, context }: UpdateProfile) {
    const changedFields = await this.knex.transaction(async (transaction) => {
      await transaction('profiles').insert({ user_id: userId }).onConflict('user_id').ignore();
      const current = await transaction<Record<string, unknown>>('profiles')
        .where({ user_id: userId })
        .forUpdate()
        .first();
      if (!current) throw new Error(`the profiles row of ${userId} was inserted above and must exist`);
      const changed = changedProfileFields(current, patch);
      if (changed.length > 0) {
        const values = Object.fromEntries(
          changed.map((field) => [
            COLUMN_OF[field as Exclude<ProfileField, 'avatar'>],
            patch[field as keyof ProfilePatch],
          ]),
        );
        await transaction('profiles')
          .where({ user_id: userId })
          .update({ ...values, updated_at: this.people.clock.now() });
      }
      return changed;
    });
    const result = await this.people.writePerson(userId, context, () => recordProfileChange(changedFields), 'accept');
    const first = result.events.at(0);
    const recorded = !result.replayed
      ? changedFields
      : first?.type === 'ProfileUpdated'
        ? first.data.changedFields
        : [];
    return { userId, changedFields: recorded };
  }
}

function changedProfileFields(row: Record<string, unknown>, patch: ProfilePatch): ProfileField[] {
  return PROFILE_FIELDS.filter(
    (field): field is Exclude<ProfileField, 'avatar'> => field !== 'avatar' && field in patch,
  ).filter((field) => patch[field] !== undefined && row[COLUMN_OF[field]] !== patch[field]);
}

@CommandHandler(AddSkill)
export class AddSkillHandler implements ICommandHandler<AddSkill> {
  constructor(
    private readonly people: PersonStreams,
    @Inject(KNEX) private readonly knex: Knex,
  ) {}

  async execute({ userId, skill, context }: AddSkill) {
    const catalog = await this.people.catalog();
    const { skillSlug, level, evidenceUrl } = skill;
    await this.people.writePerson(userId, context, (state) =>
      addSkill(state, catalog, { skillSlug, level, hasEvidence: evidenceUrl !== null }),
    );
    // After the decision, so a refused request leaves no row (a replay completes one a crash left out).
    if (evidenceUrl !== null) {
      await this.knex('skill_evidence')
        .insert({ user_id: userId, skill_slug: skillSlug, evidence_url: evidenceUrl })
        .onConflict(['user_id', 'skill_slug'])
        .merge();
    }
    return { skillSlug, level };
  }
}

@CommandHandler(VerifySkill)
export class VerifySkillHandler implements ICommandHandler<VerifySkill> {
  constructor(private readonly people: PersonStreams) {}

  async execute({ memberId, skillSlug, taskId, verifier, context }: VerifySkill) {
    // From the log, never a read model: the task must have named the skill and be accepted now.
    const task = taskId === null ? null : await this.people.vouchingTask(taskId);
    const verifiedAt = this.people.clock.now().toISOString();
    const result = await this.people.writePerson(
      memberId,
      context,
      (state) =>
        verifySkill(
          state,
          memberId,
          skillSlug,
          { verifierId: verifier.userId, isAdmin: verifier.isAdmin, task },
          verifiedAt,
        ),
      'accept',
    );
    const skill = result.state.skills[skillSlug];
    return {
      userId: memberId,
      skillSlug,
      verifiedBy: skill.verifiedBy as string,
      verifiedAt: skill.verifiedAt as string,
    };
  }
}

@CommandHandler(DefineSkill)
export class DefineSkillHandler implements ICommandHandler<DefineSkill> {
  constructor(private readonly streams: StreamWriter) {}

  async execute({ skill, context }: DefineSkill) {
    await this.streams.write(SKILL_CATALOG_STREAM, skillCatalogDecider, context, (state) =>
      defineSkill(state, skill, context.actorId as string),
    );
    return skill;
  }
}
