/**
 * A 10,000-recipient phishing campaign (issue 5), launched through the API of the real server on
 * PostgreSQL with no sending window (everyone at once, unthrottled) and delivered to an SMTP server
 * in this process (smtp-server, messages counted by envelope recipient, not parsed). Timed from the
 * launch request to the 10,000th message at the SMTP server; then every member must have got
 * exactly one email, and the campaign's funnel must say 10,000 sent.
 */
import { pathToFileURL } from 'node:url';
import { startSmtpSink } from '../test/helpers/smtp-sink.ts';
import {
  apiClient,
  cpuMs,
  createPostgresDatabase,
  createTenant,
  onCleanup,
  openContainer,
  seedUsersAndGroup,
  startHeedServer,
  withCleanup,
} from './support/environment.ts';
import { atMost, type Benchmark, type Measurement, runAlone, seconds } from './support/results.ts';

const RECIPIENTS = 10_000;

interface CampaignAnswer {
  id: string;
  status: string;
  recipientCount: number;
  funnel: { sent: number; deliveryFailed: number };
}

export const benchmark: Benchmark = {
  name: 'phishing-campaign',
  description: 'launch a 10,000-recipient phishing campaign, then delivery to a local SMTP server',
  run: () =>
    withCleanup(async (): Promise<Measurement[]> => {
      const sink = await startSmtpSink({ parse: false });
      onCleanup(() => sink.close());
      const database = await createPostgresDatabase('phishing_campaign');
      const container = await openContainer(database);
      const tenant = await createTenant(container);
      const { groupId, emails } = await seedUsersAndGroup(container, tenant, RECIPIENTS);
      await container.close();

      const server = await startHeedServer(database, { SMTP_URL: sink.url });
      const api = apiClient(server, tenant.apiKey);
      const { data: templates } = await api<{ data: { id: string }[] }>('GET', '/phishing/templates');
      const { data: pages } = await api<{ data: { id: string }[] }>('GET', '/phishing/landing-pages');
      const draft = await api<CampaignAnswer>('POST', '/phishing/campaigns', {
        name: 'Benchmark campaign',
        templateIds: templates.slice(0, 3).map((t) => t.id),
        landingPageId: pages[0]!.id,
        groupIds: [groupId],
        sendWindowMinutes: 0,
      });

      const cpuAtLaunch = cpuMs(server.pid);
      const sinkAtLaunch = process.cpuUsage(); // this process: the SMTP server, and little else
      const started = performance.now();
      const launched = await api<CampaignAnswer>('POST', `/phishing/campaigns/${draft.id}/launch`);
      const launchMs = performance.now() - started;
      if (launched.recipientCount !== RECIPIENTS)
        throw new Error(`Unexpected answer: ${JSON.stringify(launched).slice(0, 300)}`);
      await sink.waitFor(RECIPIENTS, 180_000);
      const delivered = performance.now() - started;
      const serverCpu = cpuMs(server.pid) - cpuAtLaunch;
      const sinkUsage = process.cpuUsage(sinkAtLaunch);
      const sinkCpu = (sinkUsage.user + sinkUsage.system) / 1000;
      await new Promise((resolve) => setTimeout(resolve, 2000)); // anything sent twice would arrive now

      // The funnel's "sent" is written when the worker marks the email sent, just after the SMTP
      // server accepted it: allow it a moment.
      let campaign = launched;
      const deadline = Date.now() + 30_000;
      do {
        campaign = await api<CampaignAnswer>('GET', `/phishing/campaigns/${draft.id}`);
        if (campaign.funnel.sent >= RECIPIENTS) break;
        await new Promise((resolve) => setTimeout(resolve, 250));
      } while (Date.now() < deadline);
      await server.stop();

      const perRecipient = new Map<string, number>();
      for (const to of sink.recipients.flat()) perRecipient.set(to, (perRecipient.get(to) ?? 0) + 1);
      const twice = [...perRecipient.values()].filter((n) => n > 1).length;
      const missing = emails.filter((e) => !perRecipient.has(e.toLowerCase())).length;
      return [
        atMost(
          'phishing-campaign',
          '10k-recipient campaign at the SMTP server ≤ 60 s',
          delivered,
          60_000,
          seconds,
          `launch request ${seconds(launchMs)}`,
        ),
        {
          benchmark: 'phishing-campaign',
          target: 'each recipient exactly once, funnel sent = 10,000',
          measured: `${sink.recipients.length} messages, ${twice} twice, ${missing} missing; funnel sent ${campaign.funnel.sent}, delivery failed ${campaign.funnel.deliveryFailed}, status ${campaign.status}`,
          pass:
            twice === 0 &&
            missing === 0 &&
            sink.recipients.length === RECIPIENTS &&
            campaign.funnel.sent === RECIPIENTS,
        },
        {
          benchmark: 'phishing-campaign',
          target: 'launch request (10k recipients written, emails queued)',
          measured: seconds(launchMs),
          pass: null,
        },
        {
          benchmark: 'phishing-campaign',
          target: 'CPU from launch to the last email: server / SMTP server (per email)',
          measured: `${seconds(serverCpu)} / ${seconds(sinkCpu)} (${(serverCpu / RECIPIENTS).toFixed(2)} / ${(sinkCpu / RECIPIENTS).toFixed(2)} ms)`,
          pass: null,
        },
      ];
    }),
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runAlone(benchmark);
