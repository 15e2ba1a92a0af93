/**
 * The composition root shared by every entry (server, CLI, tests, benchmarks):
 * config → database → services, built once and passed down explicitly.
 */

import { createAdminService } from './modules/admins/admins.service.ts';
import { createApiKeyService } from './modules/api-keys/api-keys.service.ts';
import { createAuditService } from './modules/audit/audit.service.ts';
import { createAuthService } from './modules/auth/auth.service.ts';
import { createDepartmentService } from './modules/departments/departments.service.ts';
import { createExportService } from './modules/exports/exports.service.ts';
import { createGroupService } from './modules/groups/groups.service.ts';
import { createImportService } from './modules/imports/imports.service.ts';
import { createMembershipService } from './modules/memberships/memberships.service.ts';
import { createOrganizationService } from './modules/organizations/organizations.service.ts';
import { createUserService } from './modules/users/users.service.ts';
import type { Clock } from './platform/clock.ts';
import { systemClock } from './platform/clock.ts';
import type { Config } from './platform/config.ts';
import { type Database, openDatabase } from './platform/db/database.ts';
import { migrateToLatest } from './platform/db/migrator.ts';

export function createServices(database: Database, config: Config, clock: Clock) {
  const { db } = database;
  const organizations = createOrganizationService({ db, clock });
  return {
    organizations,
    auth: createAuthService({ db, clock, organizations, sessionTtlMs: config.sessionTtlMs }),
    apiKeys: createApiKeyService({ db, clock }),
    admins: createAdminService({ db, clock, publicUrl: config.publicUrl }),
    audit: createAuditService({ db }),
    users: createUserService({ db, clock }),
    departments: createDepartmentService({ db, clock }),
    groups: createGroupService({ db, clock }),
    memberships: createMembershipService({ db, clock }),
    imports: createImportService({ db, clock }),
    exports: createExportService({ db, clock }),
  };
}
export type Services = ReturnType<typeof createServices>;

export interface Container {
  config: Config;
  clock: Clock;
  database: Database;
  services: Services;
  close(): Promise<void>;
}

export async function createContainer(
  config: Config,
  options: { clock?: Clock; database?: Database; migrate?: boolean } = {},
): Promise<Container> {
  const clock = options.clock ?? systemClock;
  const database = options.database ?? (await openDatabase(config.database));
  try {
    if (options.migrate !== false) await migrateToLatest(database.db);
  } catch (error) {
    await database.close();
    throw error;
  }
  return {
    config,
    clock,
    database,
    services: createServices(database, config, clock),
    close: () => database.close(),
  };
}
