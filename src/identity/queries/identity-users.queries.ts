import { Inject, Injectable } from '@nestjs/common';
import type { Knex } from 'knex';
import type { z } from 'zod';
import { KNEX } from '../../platform/platform.tokens';
import type { KycStatus, Role } from '../domain/roles.contract';
import type { kycSubmissionSchema } from '../http/identity.schemas';

interface IdentityUserRow {
  user_id: string;
  roles: Role[];
  mfa_enabled: boolean;
  kyc_status: KycStatus;
  kyc_submission_id: string | null;
  registered_at: string;
}

interface KycQueueRow {
  user_id: string;
  email: string;
  submission_id: string;
  /** Stored as submitted, after kycSubmissionSchema accepted it. */
  evidence: z.output<typeof kycSubmissionSchema>;
  submitted_at: Date;
}

/** Admin and compliance views over the identity_users read model, joined with accounts. */
@Injectable()
export class IdentityUsersQueries {
  constructor(@Inject(KNEX) private readonly knex: Knex) {}

  async list() {
    const rows = await this.knex<IdentityUserRow & { email: string }>('identity_users as u')
      .join('accounts as a', 'a.user_id', 'u.user_id')
      .select<(IdentityUserRow & { email: string })[]>('u.*', 'a.email')
      .orderBy('u.registered_at');
    return rows.map((row) => ({
      userId: row.user_id,
      email: row.email,
      roles: row.roles,
      mfaEnabled: row.mfa_enabled,
      kycStatus: row.kyc_status,
      registeredAt: row.registered_at,
    }));
  }

  /** Pending submissions, oldest first, with their evidence for the reviewer. */
  async kycQueue() {
    const rows = await this.knex('identity_users as u')
      .join('kyc_submissions as k', 'k.submission_id', 'u.kyc_submission_id')
      .join('accounts as a', 'a.user_id', 'u.user_id')
      .where('u.kyc_status', 'PENDING')
      .select<KycQueueRow[]>('u.user_id', 'a.email', 'k.submission_id', 'k.evidence', 'k.submitted_at')
      .orderBy('k.submitted_at');
    return rows.map((row) => ({
      userId: row.user_id,
      email: row.email,
      submissionId: row.submission_id,
      evidence: row.evidence,
      submittedAt: row.submitted_at.toISOString(),
    }));
  }
}
