import { Anchor, Button, Group, List, Paper, Select, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconFishHook, IconPlus, IconTargetArrow } from '@tabler/icons-react';
import { DataTable } from 'mantine-datatable';
import { Link, useSearchParams } from 'react-router';
import { ActionTooltips } from '../../shared/ActionTooltips.tsx';
import { formatDate, formatDateTime } from '../../shared/dates.ts';
import { PagerBar } from '../../shared/PagerBar.tsx';
import { ErrorState } from '../../shared/PageState.tsx';
import { useCursorPaging, useUrlParam } from '../../shared/paging.ts';
import { SearchBox } from '../../shared/SearchBox.tsx';
import { CampaignMiniFunnel, CampaignStatusBadge, NameList, PhishProne } from './CampaignParts.tsx';
import {
  CAMPAIGN_STATUS_VALUES,
  CAMPAIGN_STATUSES,
  type Campaign,
  campaignListParams,
  useCampaignPage,
} from './campaignsApi.ts';

const STATUS_OPTIONS = CAMPAIGN_STATUS_VALUES.map((value) => ({
  value,
  label: CAMPAIGN_STATUSES[value].label,
}));

function LaunchedCell({ campaign }: { campaign: Campaign }) {
  // The day here (the exact time on hover, and on the campaign's page): the list has many columns.
  if (campaign.launchedAt)
    return (
      <Text size="sm" title={formatDateTime(campaign.launchedAt)}>
        {formatDate(campaign.launchedAt)}
      </Text>
    );
  if (campaign.status === 'scheduled' && campaign.launchAt) {
    return (
      <Text size="sm" c="cyan.8">
        Starts {formatDateTime(campaign.launchAt)}
      </Text>
    );
  }
  return <Text c="dimmed">—</Text>;
}

/** What a campaign is, for an organization that has none yet. */
function NoCampaignsYet() {
  return (
    <Paper withBorder radius="md" p="xl">
      <Group align="flex-start" wrap="nowrap" gap="lg">
        <ThemeIcon size={48} radius="xl" variant="light" color="indigo">
          <IconFishHook size={28} />
        </ThemeIcon>
        <Stack gap="sm">
          <Title order={3}>No campaigns yet</Title>
          <Text size="sm" maw={640}>
            A campaign sends a simulated phishing email to the people you choose (groups, departments or
            individuals) and records what each of them does with it:
          </Text>
          <List size="sm" spacing={4}>
            <List.Item>who opened it, clicked its link or submitted the landing page’s form;</List.Item>
            <List.Item>who reported it, which is what you want people to do;</List.Item>
            <List.Item>
              the phish-prone % (people who failed ÷ emails delivered), by department and group.
            </List.Item>
          </List>
          <Text size="sm" c="dimmed" maw={640}>
            Link scanners in mail servers are recognised and never count as a failure. People who fail join
            the Phished Users group and can be assigned follow-up training.
          </Text>
          <Group gap="sm" mt="xs">
            <Button component={Link} to="/phishing/campaigns/new" leftSection={<IconPlus size={16} />}>
              New Campaign
            </Button>
            <Button component={Link} to="/phishing/templates" variant="default">
              Browse templates
            </Button>
          </Group>
        </Stack>
      </Group>
    </Paper>
  );
}

/** Phishing Simulation → Campaigns: every simulation, newest first, with how each went. */
export default function CampaignsPage() {
  const [params] = useSearchParams();
  const listParams = campaignListParams(params);
  const paging = useCursorPaging();
  const [search, setSearch] = useUrlParam('search');
  const [, setStatus] = useUrlParam('status');
  const campaigns = useCampaignPage(listParams);
  const records = campaigns.data?.data ?? [];
  const filtered = Boolean(listParams.search || listParams.status);
  const none = !campaigns.isPending && !filtered && !paging.hasPrevious && records.length === 0;

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <div>
          <Title order={2}>Campaigns</Title>
          <Text c="dimmed" size="sm">
            Simulated phishing emails sent to your people, and what each of them did. Newest first.
          </Text>
        </div>
        <Button
          component={Link}
          to="/phishing/campaigns/new"
          leftSection={<IconPlus size={16} />}
          style={{ flexShrink: 0 }}
        >
          New Campaign
        </Button>
      </Group>

      {campaigns.error ? (
        <ErrorState error={campaigns.error} onRetry={() => campaigns.refetch()} />
      ) : none && !campaigns.isPlaceholderData ? (
        <NoCampaignsYet />
      ) : (
        <>
          <Group gap="sm" align="flex-end" role="search" aria-label="Filter campaigns">
            <SearchBox
              label="Search campaigns"
              placeholder="Search by name"
              value={search}
              onSearch={setSearch}
              style={{ flex: 1, minWidth: 220, maxWidth: 420 }}
            />
            <Select
              aria-label="Status"
              placeholder="Any status"
              clearable
              data={STATUS_OPTIONS}
              value={listParams.status ?? null}
              onChange={(value) => setStatus(value)}
              w={180}
            />
          </Group>
          <ActionTooltips>
            <DataTable<Campaign>
              aria-label="Campaigns"
              withTableBorder
              borderRadius="md"
              highlightOnHover
              verticalAlign="center"
              minHeight={campaigns.isPending || records.length === 0 ? 240 : undefined}
              fetching={campaigns.isFetching && !campaigns.data}
              records={records}
              idAccessor="id"
              noRecordsIcon={<IconTargetArrow size={28} stroke={1.5} />}
              noRecordsText={campaigns.isPending ? '' : 'No campaigns match these filters.'}
              columns={[
                {
                  accessor: 'name',
                  title: 'Campaign',
                  render: (c) => (
                    <Stack gap={2}>
                      <Anchor component={Link} to={`/phishing/campaigns/${c.id}`} size="sm" fw={500}>
                        {c.name}
                      </Anchor>
                      <Text size="xs" c="dimmed">
                        Created {formatDate(c.createdAt)}
                      </Text>
                    </Stack>
                  ),
                },
                {
                  accessor: 'status',
                  title: 'Status',
                  width: 130,
                  render: (c) => <CampaignStatusBadge status={c.status} />,
                },
                {
                  accessor: 'templates',
                  title: 'Templates',
                  render: (c) => <NameList names={c.templates.map((t) => t.name)} />,
                },
                {
                  accessor: 'recipientCount',
                  title: 'Recipients',
                  textAlign: 'right',
                  width: 104,
                  render: (c) =>
                    !c.launchedAt && c.recipientCount === 0 ? (
                      <Text c="dimmed">—</Text>
                    ) : (
                      c.recipientCount.toLocaleString()
                    ),
                },
                {
                  accessor: 'launchedAt',
                  title: 'Launched',
                  width: 150,
                  render: (c) => <LaunchedCell campaign={c} />,
                },
                {
                  accessor: 'phishProne',
                  title: 'Phish-prone',
                  textAlign: 'right',
                  width: 120,
                  noWrap: true,
                  render: (c) => <PhishProne rate={c.phishProne} />,
                },
                {
                  accessor: 'funnel',
                  title: 'Funnel',
                  width: 144,
                  render: (c) => <CampaignMiniFunnel campaign={c} />,
                },
              ]}
            />
          </ActionTooltips>
          {(paging.hasPrevious || campaigns.data?.nextCursor) && (
            <PagerBar
              pageNumber={paging.pageNumber}
              hasPrevious={paging.hasPrevious}
              nextCursor={campaigns.data?.nextCursor}
              onPrevious={paging.previous}
              onNext={paging.next}
            />
          )}
        </>
      )}
    </Stack>
  );
}
