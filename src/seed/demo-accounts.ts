import type { CommandContext } from '../identity/commands/user-stream.writer';
import type { Role } from '../identity/domain/roles.contract';
import { derivedId } from '../shared-kernel/ids';

/** The demo's people. Their passwords are made up for each installation (demo-passwords.ts). */
export interface DemoAccount {
  key: 'admin' | 'board1' | 'board2' | 'auditor' | 'alice' | 'bob' | 'carol' | 'newcomer';
  email: string;
  roles: Role[];
  /** Seeded history: reputation points already settled, KYC passed and a compliant laptop. */
  trusted: { repPoints: number } | null;
  description: string;
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  {
    key: 'admin',
    email: 'admin@demo.smartstart.dev',
    roles: ['admin', 'compliance'],
    trusted: null,
    description: 'admin and compliance officer',
  },
  { key: 'board1', email: 'board1@demo.smartstart.dev', roles: ['board'], trusted: null, description: 'board member' },
  { key: 'board2', email: 'board2@demo.smartstart.dev', roles: ['board'], trusted: null, description: 'board member' },
  { key: 'auditor', email: 'auditor@demo.smartstart.dev', roles: ['auditor'], trusted: null, description: 'auditor' },
  {
    key: 'alice',
    email: 'alice@demo.smartstart.dev',
    roles: [],
    trusted: { repPoints: 90 },
    description: 'member, owner of the Solar Co-op venture',
  },
  {
    key: 'bob',
    email: 'bob@demo.smartstart.dev',
    roles: [],
    trusted: { repPoints: 80 },
    description: 'member above the trust gate, with BUZ',
  },
  {
    key: 'carol',
    email: 'carol@demo.smartstart.dev',
    roles: [],
    trusted: { repPoints: 72 },
    description: 'member above the trust gate, with BUZ',
  },
  {
    key: 'newcomer',
    email: 'newcomer@demo.smartstart.dev',
    roles: [],
    trusted: null,
    description: 'new member without KYC: sees why BUZ is withheld',
  },
];

export type DemoUsers = Record<DemoAccount['key'], string>;

/** Every seed write has a command id derived from this, so an interrupted seed can run again. */
export const seedContext = (actorId: string | null, ...cause: string[]): CommandContext => ({
  commandId: derivedId('demo-seed', ...cause),
  actorId,
});
