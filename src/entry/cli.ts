/**
 * The `heed` command: serve, migrate and the admin tasks of a self-hosted instance. Every command acts
 * on the database of the environment (DATABASE_URL, or the embedded one in HEED_DATA_DIR).
 */
import { readFile } from 'node:fs/promises';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { type Container, createContainer } from '../container.ts';
import { seedDemo } from '../modules/demo/demo.service.ts';
import type { ImportProgress } from '../modules/imports/imports.service.ts';
import { ConfigError, loadConfig } from '../platform/config.ts';
import { systemContext } from '../platform/context.ts';
import { DataDirInUseError } from '../platform/db/database.ts';
import { AppError } from '../platform/errors.ts';
import { startServer } from './server.ts';
import { runWorker } from './worker.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function orgId(value: string): string {
  if (!UUID.test(value)) throw new InvalidArgumentError('must be an organization id (a UUID).');
  return value;
}

async function withContainer<T>(work: (container: Container) => Promise<T>): Promise<T> {
  const container = await createContainer(loadConfig(process.env));
  try {
    return await work(container);
  } finally {
    await container.close();
  }
}

function progressBar() {
  if (!process.stderr.isTTY) return undefined;
  return ({ phase, done, total }: ImportProgress) => {
    const width = 30;
    const filled = total === 0 ? width : Math.round((done / total) * width);
    process.stderr.write(
      `\r${phase.padEnd(10)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`,
    );
    if (phase === 'writing' && done === total) process.stderr.write('\n');
  };
}

export function buildCli(): Command {
  const program = new Command('heed')
    .description('Heed: self-hostable security-awareness training')
    .showHelpAfterError()
    .exitOverride();

  program
    .command('serve')
    .description('Run the server on HOST:PORT (what `npm start` runs)')
    .action(async () => {
      await startServer(loadConfig(process.env));
    });

  program
    .command('worker')
    .description(
      'Deliver queued email until stopped (run beside `heed serve` with MAIL_WORKER=false, on PostgreSQL)',
    )
    .action(async () => {
      await runWorker(loadConfig(process.env));
    });

  program
    .command('migrate')
    .description('Apply pending database migrations')
    .action(async () => {
      await withContainer(async () => {
        process.stdout.write('Database is up to date.\n');
      });
    });

  const org = program.command('org').description('Organizations');
  org
    .command('create')
    .description('Create an organization and its owner; prints the organization id on the last line')
    .requiredOption('--name <name>', 'organization name')
    .requiredOption('--admin-email <email>', "the owner's email")
    .requiredOption('--admin-password <password>', "the owner's password (12+ characters)")
    .action(async (options: { name: string; adminEmail: string; adminPassword: string }) => {
      const { organizationNameSchema, emailSchema, passwordSchema } = await import(
        '../modules/organizations/organizations.schemas.ts'
      );
      const name = organizationNameSchema.safeParse(options.name);
      const email = emailSchema.safeParse(options.adminEmail);
      const password = passwordSchema.safeParse(options.adminPassword);
      for (const [flag, result] of [
        ['--name', name],
        ['--admin-email', email],
        ['--admin-password', password],
      ] as const) {
        if (!result.success) throw new InvalidArgumentError(`${flag} ${result.error.issues[0]?.message}`);
      }
      await withContainer(async ({ services }) => {
        const created = await services.organizations.createWithOwner({
          organizationName: name.data!,
          ownerEmail: email.data!,
          ownerPassword: password.data!,
        });
        process.stdout.write(
          `Created organization "${created.organization.name}" with owner ${created.owner.email}.\n`,
        );
        process.stdout.write(`${created.organization.id}\n`);
      });
    });

  const apiKey = program.command('api-key').description('API keys');
  apiKey
    .command('create')
    .description('Create an API key; prints the secret alone on the last line')
    .requiredOption('--org <orgId>', 'organization id', orgId)
    .requiredOption('--name <name>', 'a name that says what the key is for')
    .action(async (options: { org: string; name: string }) => {
      await withContainer(async ({ services }) => {
        await requireOrganization(services, options.org);
        const created = await services.apiKeys.create(systemContext(options.org, 'heed CLI'), options.name);
        process.stdout.write(
          `Created API key "${created.apiKey.name}" (${created.apiKey.prefix}). Store it now: it is not shown again.\n`,
        );
        process.stdout.write(`${created.secret}\n`);
      });
    });

  const users = program.command('users').description('Users');
  users
    .command('import')
    .description('Upsert users from a CSV file, with the same rules and report as the bulk API')
    .argument(
      '<file>',
      'CSV file with a header row (Email, First Name, Last Name, Department, Language, Location, Groups)',
    )
    .requiredOption('--org <orgId>', 'organization id', orgId)
    .option('--group <name>', 'also assign every user to this group (created if missing)')
    .option('--dry-run', 'validate and report without writing anything', false)
    .option('--json', 'print the report as JSON', false)
    .action(
      async (file: string, options: { org: string; group?: string; dryRun: boolean; json: boolean }) => {
        const csv = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
          throw new InvalidArgumentError(
            `cannot read ${file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`,
          );
        });
        await withContainer(async ({ services }) => {
          await requireOrganization(services, options.org);
          const report = await services.imports.importCsv(systemContext(options.org, 'heed CLI'), csv, {
            dryRun: options.dryRun,
            group: options.group,
            onProgress: progressBar(),
          });
          if (options.json) {
            process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
          } else {
            const lines = [
              `${report.dryRun ? 'Dry run (nothing written): ' : ''}${report.total} rows`,
              `  created ${report.created}, updated ${report.updated}, unchanged ${report.unchanged}, failed ${report.failed}`,
              `  departments created ${report.departmentsCreated}, groups created ${report.groupsCreated}, memberships added ${report.membershipsAdded}`,
              ...report.errors.map((e) => `  row ${e.row}${e.email ? ` (${e.email})` : ''}: ${e.message}`),
            ];
            process.stdout.write(`${lines.join('\n')}\n`);
          }
          if (report.failed > 0) process.exitCode = 3;
        });
      },
    );

  program
    .command('demo')
    .description('Create the "Demo Co" organization with ~300 users, departments and groups')
    .action(async () => {
      await withContainer(async ({ services, database, config, clock }) => {
        const demo = await seedDemo(services, database, clock);
        process.stdout.write(
          [
            `Created "${demo.organization.name}" with ${demo.users} users.`,
            `Sign in at ${config.publicUrl} (start the server with \`npm start\`) as:`,
            `  email:    ${demo.email}`,
            `  password: ${demo.password}`,
            `Organization id: ${demo.organization.id}`,
            '',
          ].join('\n'),
        );
      });
    });

  return program;
}

async function requireOrganization(services: Container['services'], id: string) {
  try {
    await services.auth.describe(id);
  } catch {
    throw new InvalidArgumentError(`no organization has the id ${id}.`);
  }
}

export async function runCli(argv: string[]): Promise<void> {
  const program = buildCli();
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    // Thrown by an action: a CommanderError too, but one commander has not printed.
    if (error instanceof InvalidArgumentError) {
      process.stderr.write(`heed: ${error.message}\n`);
      process.exitCode = 2;
      return;
    }
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode;
      return;
    }
    if (error instanceof DataDirInUseError || error instanceof AppError || error instanceof ConfigError) {
      process.stderr.write(`heed: ${error.message}\n`);
      process.exitCode = 1;
      return;
    }
    throw error;
  }
}

await runCli(process.argv.slice(2));
