/**
 * Phishing Simulation → Overview: how susceptible the organization is (phish-prone % over every launched
 * campaign), how that moves from one campaign to the next, and where the risk is: departments, groups,
 * the people who failed most.
 */
import {
  Anchor,
  Button,
  Group,
  Paper,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { IconArrowRight, IconFishHook, IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { ErrorState } from '../../shared/PageState.tsx';
import { TrendChart } from './CampaignCharts.tsx';
import { PhishProne, RateTable } from './CampaignParts.tsx';
import { type PhishingStats, phishingStatsQuery, plural } from './campaignsApi.ts';

export default function PhishingOverviewPage() {
  const stats = useQuery(phishingStatsQuery);
  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <div>
          <Title order={2}>Phishing overview</Title>
          <Text c="dimmed" size="sm">
            How often your people fall for simulated phishing, over every campaign launched so far.
          </Text>
        </div>
        <Group gap="sm" wrap="nowrap" style={{ flexShrink: 0 }}>
          <Button
            component={Link}
            to="/phishing/campaigns"
            variant="default"
            rightSection={<IconArrowRight size={16} />}
          >
            All campaigns
          </Button>
          <Button component={Link} to="/phishing/campaigns/new" leftSection={<IconPlus size={16} />}>
            New Campaign
          </Button>
        </Group>
      </Group>
      {stats.error ? (
        <ErrorState error={stats.error} onRetry={() => stats.refetch()} />
      ) : stats.data ? (
        stats.data.trend.length === 0 ? (
          <NothingYet />
        ) : (
          <Overview stats={stats.data} />
        )
      ) : (
        <Stack gap="md" aria-label="Loading">
          <SimpleGrid cols={{ base: 1, md: 3 }}>
            <Skeleton h={110} radius="md" />
            <Skeleton h={110} radius="md" />
            <Skeleton h={110} radius="md" />
          </SimpleGrid>
          <Skeleton h={320} radius="md" />
        </Stack>
      )}
    </Stack>
  );
}

function NothingYet() {
  return (
    <Paper withBorder radius="md" p="xl">
      <Group align="flex-start" wrap="nowrap" gap="lg">
        <ThemeIcon size={48} radius="xl" variant="light" color="indigo">
          <IconFishHook size={28} />
        </ThemeIcon>
        <Stack gap="xs">
          <Title order={3}>No results yet</Title>
          <Text size="sm" maw={640}>
            Launch a campaign to see your organization’s phish-prone %: the share of people who clicked a
            simulated phishing link or submitted its form, out of everyone the email reached. Each campaign
            adds a point to the trend, so you can see training working.
          </Text>
          <Group gap="sm" mt="xs">
            <Button component={Link} to="/phishing/campaigns/new" leftSection={<IconPlus size={16} />}>
              New Campaign
            </Button>
          </Group>
        </Stack>
      </Group>
    </Paper>
  );
}

function Overview({ stats }: { stats: PhishingStats }) {
  const org = stats.organization;
  // The latest campaign with something delivered (one launched a minute ago has no rate yet).
  const rated = stats.trend.filter((point) => point.phishProne !== null);
  const last = rated[rated.length - 1];
  const previous = rated[rated.length - 2];
  const change =
    last?.phishProne != null && previous?.phishProne != null
      ? (last.phishProne - previous.phishProne) * 100
      : null;
  return (
    <Stack gap="lg">
      <SimpleGrid cols={{ base: 1, md: 3 }} spacing="md">
        <Paper withBorder radius="md" p="md">
          <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
            Organization phish-prone
          </Text>
          <PhishProne rate={org.phishProne} size="2.25rem" />
          <Text size="sm" c="dimmed">
            {plural(org.failed, 'failure')} out of {plural(org.delivered, 'delivered email')}
          </Text>
        </Paper>
        <Paper withBorder radius="md" p="md">
          <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
            Latest campaign
          </Text>
          {last && (
            <>
              <Group gap="xs" align="baseline">
                <PhishProne rate={last.phishProne} size="2.25rem" />
                {change !== null && (
                  <Text size="sm" c={change > 0 ? 'red.7' : change < 0 ? 'green.7' : 'dimmed'}>
                    {change > 0 ? '▲' : change < 0 ? '▼' : ''} {Math.abs(change).toFixed(1)} pts
                  </Text>
                )}
              </Group>
              <Anchor component={Link} to={`/phishing/campaigns/${last.campaignId}`} size="sm">
                {last.name}
              </Anchor>
            </>
          )}
        </Paper>
        <Paper withBorder radius="md" p="md">
          <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
            Reported
          </Text>
          <Text size="2.25rem" fw={600} c="green.7">
            {org.delivered > 0 ? `${((org.reported / org.delivered) * 100).toFixed(1)}%` : '—'}
          </Text>
          <Text size="sm" c="dimmed">
            {plural(org.reported, 'report')} over {plural(stats.trend.length, 'campaign')}
          </Text>
        </Paper>
      </SimpleGrid>

      <Paper withBorder radius="md" p="md">
        <Group justify="space-between" mb="sm">
          <Title order={4}>Trend over campaigns</Title>
          <Anchor component={Link} to="/phishing/campaigns" size="sm">
            See every campaign
          </Anchor>
        </Group>
        <TrendChart trend={stats.trend} />
        <Group gap="xs" mt="sm" aria-label="Campaigns in the trend">
          {stats.trend.slice(-8).map((point) => (
            <Anchor
              key={point.campaignId}
              component={Link}
              to={`/phishing/campaigns/${point.campaignId}`}
              size="xs"
            >
              {point.name}
            </Anchor>
          ))}
        </Group>
      </Paper>

      <SimpleGrid cols={1} spacing="lg">
        <Stack gap="xs">
          <Title order={4}>By department</Title>
          <RateTable
            rows={stats.byDepartment}
            nameTitle="Department"
            label="Phish-prone % by department"
            emptyText="No department has received a campaign yet."
          />
        </Stack>
        <Stack gap="xs">
          <Title order={4}>By group</Title>
          <RateTable
            rows={stats.byGroup}
            nameTitle="Group"
            label="Phish-prone % by group"
            emptyText="No group has been targeted yet."
            nameCell={(row) =>
              row.id ? (
                <Anchor component={Link} to={`/groups/${row.id}`} size="sm">
                  {row.name}
                </Anchor>
              ) : (
                <Text size="sm">{row.name}</Text>
              )
            }
          />
        </Stack>
      </SimpleGrid>

      <Stack gap="xs">
        <Title order={4}>People who failed most</Title>
        <Text size="sm" c="dimmed">
          Across every campaign. Consider follow-up training for them; the Phished Users group does this
          automatically.
        </Text>
        <RateTable
          rows={stats.topUsers}
          nameTitle="Person"
          label="People who failed most"
          emptyText="Nobody has failed a simulation. Well done."
          showRecipients={false}
        />
      </Stack>
    </Stack>
  );
}
