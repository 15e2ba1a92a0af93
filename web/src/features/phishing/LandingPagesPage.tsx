import {
  Anchor,
  Badge,
  Button,
  Group,
  SegmentedControl,
  Stack,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { IconBrowser, IconPlus } from '@tabler/icons-react';
import { DataTable } from 'mantine-datatable';
import { Link, useSearchParams } from 'react-router';
import { ActionTooltips } from '../../shared/ActionTooltips.tsx';
import { CloneArchiveActions } from '../../shared/CloneArchiveActions.tsx';
import { formatDate } from '../../shared/dates.ts';
import { ErrorState } from '../../shared/PageState.tsx';
import { useUrlParam } from '../../shared/paging.ts';
import { SearchBox } from '../../shared/SearchBox.tsx';
import { useArchiveContent, useCloneContent } from './contentActions.tsx';
import {
  type LandingPage,
  landingPageListParams,
  type StatusFilter,
  useLandingPages,
} from './phishingApi.ts';

/** Phishing Simulation → Landing Pages: what a lure's link opens. */
export default function LandingPagesPage() {
  const [params] = useSearchParams();
  const listParams = landingPageListParams(params);
  const [search, setSearch] = useUrlParam('search');
  const [, setStatus] = useUrlParam('status', 'active');
  const pages = useLandingPages(listParams);
  const clone = useCloneContent('landing-page');
  const { confirmArchive, confirmRestore } = useArchiveContent('landing-page');
  const records = pages.data ?? [];

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <div>
          <Title order={2}>Landing Pages</Title>
          <Text c="dimmed" size="sm">
            The page a simulation’s link opens, usually a sign-in form. Whatever people type there is never
            sent to Heed: only the fact that they submitted it.
          </Text>
        </div>
        <Button
          component={Link}
          to="/phishing/landing-pages/new"
          leftSection={<IconPlus size={16} />}
          style={{ flexShrink: 0 }}
        >
          New Landing Page
        </Button>
      </Group>

      <Group gap="sm" align="flex-end" role="search" aria-label="Filter landing pages">
        <SearchBox
          label="Search landing pages"
          placeholder="Search by name"
          value={search}
          onSearch={setSearch}
          style={{ flex: 1, minWidth: 220, maxWidth: 420 }}
        />
        <SegmentedControl
          aria-label="Show landing pages"
          value={listParams.status}
          onChange={(value) => setStatus(value as StatusFilter)}
          data={[
            { value: 'active', label: 'Active' },
            { value: 'archived', label: 'Archived' },
            { value: 'all', label: 'All' },
          ]}
        />
      </Group>

      {pages.error ? (
        <ErrorState error={pages.error} onRetry={() => pages.refetch()} />
      ) : (
        <ActionTooltips>
          <DataTable<LandingPage>
            aria-label="Landing pages"
            withTableBorder
            borderRadius="md"
            highlightOnHover
            verticalAlign="center"
            minHeight={pages.isPending || records.length === 0 ? 240 : undefined}
            fetching={pages.isFetching}
            records={records}
            idAccessor="id"
            noRecordsIcon={<IconBrowser size={28} stroke={1.5} />}
            noRecordsText={
              pages.isPending
                ? ''
                : listParams.search
                  ? 'No landing pages match this search.'
                  : listParams.status === 'archived'
                    ? 'No archived landing pages.'
                    : 'No landing pages here.'
            }
            columns={[
              {
                accessor: 'name',
                title: 'Landing page',
                render: (page) => (
                  <Group gap="xs" wrap="nowrap">
                    <Anchor component={Link} to={`/phishing/landing-pages/${page.id}`} size="sm" fw={500}>
                      {page.name}
                    </Anchor>
                    {page.builtIn && (
                      <Badge size="xs" variant="light" color="indigo">
                        Built-in
                      </Badge>
                    )}
                    {page.status === 'archived' && (
                      <Badge size="xs" variant="light" color="gray">
                        Archived
                      </Badge>
                    )}
                  </Group>
                ),
              },
              {
                accessor: 'formCount',
                title: 'Form',
                width: 200,
                render: (page) =>
                  page.formCount > 0 ? (
                    <Text size="sm">Records submissions</Text>
                  ) : (
                    <Text size="sm" c="dimmed">
                      No form: clicks only
                    </Text>
                  ),
              },
              {
                accessor: 'updatedAt',
                title: 'Updated',
                width: 160,
                render: (page) => <Text size="sm">{formatDate(page.updatedAt)}</Text>,
              },
              {
                accessor: 'actions',
                title: <VisuallyHidden>Actions</VisuallyHidden>,
                textAlign: 'right',
                width: 100,
                render: (page) => (
                  <Group gap={4} justify="flex-end" wrap="nowrap">
                    <CloneArchiveActions
                      name={page.name}
                      status={page.status}
                      cloning={clone.isPending && clone.variables?.id === page.id}
                      onClone={() => clone.mutate(page)}
                      onArchive={() => confirmArchive(page)}
                      onRestore={() => confirmRestore(page)}
                    />
                  </Group>
                ),
              },
            ]}
          />
        </ActionTooltips>
      )}
    </Stack>
  );
}
