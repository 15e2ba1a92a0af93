/**
 * Creating a tenant: the organization and its owner, in one transaction. Used by first-run setup,
 * `heed org create` and `heed demo`.
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import { hashPassword } from '../../platform/crypto.ts';
import type { DB } from '../../platform/db/schema.ts';
import { ConflictError, isUniqueViolation } from '../../platform/errors.ts';
import { createOrganizationRepository } from './organizations.repository.ts';

export interface NewOrganization {
  organizationName: string;
  ownerEmail: string;
  ownerPassword: string;
  ownerName?: string;
}

export function createOrganizationService(deps: { db: Kysely<DB>; clock: Clock }) {
  return {
    /** Runs inside the caller's transaction when one is given (setup consumes its token in the same one). */
    async createWithOwner(input: NewOrganization, trx: Kysely<DB> = deps.db) {
      const passwordHash = await hashPassword(input.ownerPassword);
      const now = deps.clock.now();
      const work = async (db: Kysely<DB>) => {
        const repository = createOrganizationRepository(db);
        const organization = await repository.create(input.organizationName, now);
        try {
          const owner = await repository.createAdmin(organization.id, {
            email: input.ownerEmail,
            name: input.ownerName ?? '',
            passwordHash,
            role: 'owner',
            createdAt: now,
          });
          return { organization, owner };
        } catch (error) {
          if (isUniqueViolation(error)) throw new ConflictError('An admin with this email already exists.');
          throw error;
        }
      };
      return trx === deps.db ? deps.db.transaction().execute(work) : work(trx);
    },
  };
}
export type OrganizationService = ReturnType<typeof createOrganizationService>;
