/**
 * The phishing tracking server's click endpoint under load (issue 5): a campaign to 20,000 people
 * launched through the API of the real server on PostgreSQL (no SMTP: the emails end "not
 * delivered", which changes nothing for the links), the Phished Users automation on; then
 * autocannon, 50 connections, a browser's user agent, on `GET /c/<token>` cycling over every
 * recipient's token (one shared counter, so concurrent requests name different people). First one
 * click per person, each a first failure (the heavier path: the event, the failure, the Phished Users
 * membership and a remediation enrollment in one transaction), measured on its own; then a 2 s run
 * whose rate sets the measured run of repeat clicks to about 10 s of work; a fixed number rather
 * than a fixed duration, so no request is still in flight when the run ends (a request cut off by
 * the load generator would still be recorded by the server, without a response to count).
 * After the run the server is stopped (which drains its recorder) and the database must hold
 * exactly one `clicked` event per 2xx response, none suppressed, and every clicked recipient
 * failed once: `failed_at` set, one membership in Phished Users.
 */
import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import { type Kysely, sql } from 'kysely';
import { openDatabase } from '../src/platform/db/database.ts';
import type { DB } from '../src/platform/db/schema.ts';
import { BROWSER_UA } from '../test/helpers/phishing.ts';
import {
  apiClient,
  cpuFrom,
  createPostgresDatabase,
  createTenant,
  openContainer,
  perRequest,
  seedUsersAndGroup,
  startHeedServer,
  withCleanup,
} from './support/environment.ts';
import { atLeast, type Benchmark, type Measurement, runAlone } from './support/results.ts';

const RECIPIENTS = 20_000;
const CONNECTIONS = 50;
const SECONDS = 10;

const perSecond = (v: number) => `${Math.round(v).toLocaleString('en-US')} req/s`;

/** autocannon on `${trackingUrl}/c/<token>`, each request naming the next token of the list. */
async function clicks(trackingUrl: string, tokens: string[], run: { duration?: number; amount?: number }) {
  let next = 0;
  let ok = 0;
  let lastResponse = 0;
  const options: autocannon.Options = {
    url: trackingUrl,
    connections: CONNECTIONS,
    ...(run.amount ? { amount: run.amount } : { duration: run.duration }),
    headers: { 'user-agent': BROWSER_UA, accept: 'text/html' },
    requests: [
      {
        method: 'GET',
        setupRequest: (request) => ({ ...request, path: `/c/${tokens[next++ % tokens.length]}` }),
      },
    ],
  };
  const started = performance.now();
  let instance!: autocannon.Instance;
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });
  // The second half of a timed run (its rate, once the server's code is warm).
  const half = started + ((run.duration ?? 0) * 1000) / 2;
  let okLate = 0;
  instance.on('response', (_client, statusCode) => {
    lastResponse = performance.now();
    if (statusCode >= 200 && statusCode < 300) {
      ok++;
      if (lastResponse >= half) okLate++;
    }
  });
  const result = await finished;
  if (result.errors > 0 || result.non2xx > 0 || result.timeouts > 0) {
    throw new Error(`clicks: ${result.errors} errors, ${result.non2xx} non-2xx, ${result.timeouts} timeouts`);
  }
  return {
    result,
    ok,
    seconds: (lastResponse - started) / 1000,
    lateRate: okLate / ((lastResponse - half) / 1000),
  };
}

/** Transactions committed in this database so far (statistics, flushed by idle backends within ≈ 1 s). */
async function commits(db: Kysely<DB>): Promise<number> {
  const result = await sql<{ n: string }>`
    select xact_commit as n from pg_stat_database where datname = current_database()`.execute(db);
  return Number(result.rows[0]!.n);
}

export const benchmark: Benchmark = {
  name: 'phishing-click',
  description: 'autocannon, 50 connections: GET /c/<token> on the tracking server, 20,000 recipients',
  run: () =>
    withCleanup(async (): Promise<Measurement[]> => {
      const database = await createPostgresDatabase('phishing_click');
      const container = await openContainer(database);
      const tenant = await createTenant(container);
      const { groupId } = await seedUsersAndGroup(container, tenant, RECIPIENTS);
      await container.close();

      const server = await startHeedServer(database);
      const api = apiClient(server, tenant.apiKey);
      const { data: courses } = await api<{ data: { id: string }[] }>('GET', '/courses');
      const settings = await api<{ groupId: string }>('PUT', '/phishing/settings/phished-users', {
        enabled: true,
        groupName: 'Phished Users',
        removeAfter: '3m',
        remediationCourseIds: [courses[0]!.id],
      });
      const { data: templates } = await api<{ data: { id: string }[] }>('GET', '/phishing/templates');
      const { data: pages } = await api<{ data: { id: string }[] }>('GET', '/phishing/landing-pages');
      const draft = await api<{ id: string }>('POST', '/phishing/campaigns', {
        name: 'Benchmark lure',
        templateIds: [templates[0]!.id],
        landingPageId: pages[0]!.id,
        groupIds: [groupId],
      });
      await api('POST', `/phishing/campaigns/${draft.id}/launch`);
      // Without SMTP the worker marks each email not delivered; wait until it has, so the
      // run measures the tracking server alone.
      const deadline = Date.now() + 120_000;
      for (;;) {
        const campaign = await api<{ funnel: { deliveryFailed: number; sent: number } }>(
          'GET',
          `/phishing/campaigns/${draft.id}`,
        );
        if (campaign.funnel.deliveryFailed + campaign.funnel.sent >= RECIPIENTS) break;
        if (Date.now() > deadline)
          throw new Error(`emails not processed: ${JSON.stringify(campaign.funnel)}`);
        await new Promise((r) => setTimeout(r, 250));
      }

      const reader = await openDatabase({ kind: 'postgres', url: database.url!, poolSize: 1 });
      try {
        const db = reader.db;
        const tokens = (
          await sql<{ token: string }>`
            select token from phishing_recipients where campaign_id = ${draft.id}::uuid order by random()`.execute(
            db,
          )
        ).rows.map((r) => r.token);
        if (tokens.length !== RECIPIENTS) throw new Error(`${tokens.length} recipients`);

        // Requests cut off at the end of a timed run are still being recorded: wait for quiet.
        const clickedSoFar = async () =>
          Number(
            (
              await sql<{ n: string }>`
                select count(*) as n from phishing_events where kind = 'clicked'`.execute(db)
            ).rows[0]!.n,
          );
        const quiet = async () => {
          let before = await clickedSoFar();
          for (;;) {
            await new Promise((r) => setTimeout(r, 500));
            const now = await clickedSoFar();
            if (now === before) return;
            before = now;
          }
        };
        // One click per person: every request is a first failure.
        const firstCpu = await cpuFrom(server.pid, db);
        const first = await clicks(server.trackingUrl, tokens, { amount: tokens.length });
        const firstSpent = await firstCpu();
        await quiet();
        const warmRate = (await clicks(server.trackingUrl, tokens, { duration: 2 })).lateRate;
        await quiet();
        const lastWarmId = Number(
          (await sql<{ id: string | null }>`select max(id) as id from phishing_events`.execute(db)).rows[0]!
            .id ?? 0,
        );
        const amount = Math.max(CONNECTIONS * 40, Math.round(warmRate * SECONDS));
        const commitsBefore = await commits(db);
        const repeatCpu = await cpuFrom(server.pid, db);
        const measured = await clicks(server.trackingUrl, tokens, { amount });
        const repeatSpent = await repeatCpu();
        // The same load on a path the tracking server answers without the database (a malformed
        // token: a 404 page of its own): HTTP and Fastify alone, on this machine under this load.
        const ceiling = await autocannon({
          url: `${server.trackingUrl}/c/not-a-token`,
          connections: CONNECTIONS,
          duration: 3,
          headers: { 'user-agent': BROWSER_UA, accept: 'text/html' },
        });
        await server.stop(); // SIGTERM: the server closes its listeners and drains its recorder
        await new Promise((r) => setTimeout(r, 600)); // the backends' last statistics
        const transactions = (await commits(db)) - commitsBefore - 2; // less this reader's own two

        const events = (
          await sql<{ clicked: string; suppressed: string; people: string }>`
            select count(*) filter (where kind = 'clicked') as clicked,
                   count(*) filter (where suppressed_reason is not null) as suppressed,
                   count(distinct recipient_id) filter (where kind = 'clicked') as people
            from phishing_events where id > ${lastWarmId}`.execute(db)
        ).rows[0]!;
        const failures = (
          await sql<{ clicked: string; failed: string; unfailed: string; members: string }>`
            select count(*) filter (where clicked_at is not null) as clicked,
                   count(*) filter (where failed_at is not null) as failed,
                   count(*) filter (where clicked_at is not null and failed_at is null) as unfailed,
                   (select count(*) from group_memberships m
                    where m.org_id = ${tenant.orgId}::uuid and m.group_id = ${settings.groupId}::uuid) as members
            from phishing_recipients where campaign_id = ${draft.id}::uuid`.execute(db)
        ).rows[0]!;

        const clicked = Number(events.clicked);
        const rate = measured.ok / measured.seconds;
        const onceEach =
          clicked === measured.ok &&
          Number(events.suppressed) === 0 &&
          Number(failures.unfailed) === 0 &&
          Number(failures.failed) === Number(failures.clicked) &&
          Number(failures.members) === Number(failures.failed);
        return [
          atLeast(
            'phishing-click',
            'first clicks (each fails someone new) ≥ 5,000 req/s',
            first.ok / first.seconds,
            5000,
            perSecond,
            `${first.ok.toLocaleString('en-US')} people in ${first.seconds.toFixed(2)} s, p50 / p99 ${first.result.latency.p50} / ${first.result.latency.p99} ms`,
          ),
          atLeast(
            'phishing-click',
            'repeat clicks ≥ 5,000 req/s',
            rate,
            5000,
            perSecond,
            `${measured.ok.toLocaleString('en-US')} in ${measured.seconds.toFixed(2)} s (warm-up ${perSecond(warmRate)}); no-database 404: ${perSecond(ceiling.requests.average)}`,
          ),
          {
            benchmark: 'phishing-click',
            target: 'each click recorded once',
            measured: `${clicked} clicked events for ${measured.ok} 2xx, ${events.suppressed} suppressed; ${failures.failed} failed of ${failures.clicked} clicked (${events.people} this run), ${failures.members} in Phished Users`,
            pass: onceEach,
          },
          {
            benchmark: 'phishing-click',
            target: 'per first click: CPU of server / PostgreSQL / autocannon',
            measured: `${perRequest(firstSpent, first.ok)} (${(first.seconds * 1000).toFixed(0)} ms of wall time)`,
            pass: null,
          },
          {
            benchmark: 'phishing-click',
            target: 'per repeat click: CPU of server / PostgreSQL / autocannon; transactions',
            measured: `${perRequest(repeatSpent, measured.ok)}; ${(transactions / measured.ok).toFixed(3)} (${transactions} in all, ${Math.round(measured.result.throughput.average / measured.result.requests.average)} B a response)`,
            pass: null,
          },
          {
            benchmark: 'phishing-click',
            target: 'click latency p50 / p99 under that load',
            measured: `${measured.result.latency.p50} ms / ${measured.result.latency.p99} ms`,
            pass: null,
          },
        ];
      } finally {
        await reader.close();
      }
    }),
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runAlone(benchmark);
