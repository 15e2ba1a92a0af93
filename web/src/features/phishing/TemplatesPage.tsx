import {
  Anchor,
  Badge,
  Button,
  Group,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { IconMailOpened, IconPlus } from '@tabler/icons-react';
import { DataTable } from 'mantine-datatable';
import { Link, useSearchParams } from 'react-router';
import { ActionTooltips } from '../../shared/ActionTooltips.tsx';
import { CloneArchiveActions } from '../../shared/CloneArchiveActions.tsx';
import { ErrorState } from '../../shared/PageState.tsx';
import { useUrlParam } from '../../shared/paging.ts';
import { SearchBox } from '../../shared/SearchBox.tsx';
import { useArchiveContent, useCloneContent } from './contentActions.tsx';
import { DifficultyBadge } from './DifficultyBadge.tsx';
import {
  DIFFICULTIES,
  type StatusFilter,
  type Template,
  templateListParams,
  useTemplates,
} from './phishingApi.ts';

/** Phishing Simulation → Templates: the built-in lures and the organization's own. */
export default function TemplatesPage() {
  const [params] = useSearchParams();
  const listParams = templateListParams(params);
  const [search, setSearch] = useUrlParam('search');
  const [, setStatus] = useUrlParam('status', 'active');
  const [, setDifficulty] = useUrlParam('difficulty');
  const templates = useTemplates(listParams);
  const clone = useCloneContent('template');
  const { confirmArchive, confirmRestore } = useArchiveContent('template');
  const records = templates.data ?? [];
  const filtered = Boolean(listParams.search || listParams.difficulty);

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <div>
          <Title order={2}>Email Templates</Title>
          <Text c="dimmed" size="sm">
            The simulated phishing emails campaigns send. Built-in templates are ready to use; clone one to
            make your own version.
          </Text>
        </div>
        <Button
          component={Link}
          to="/phishing/templates/new"
          leftSection={<IconPlus size={16} />}
          style={{ flexShrink: 0 }}
        >
          New Template
        </Button>
      </Group>

      <Group gap="sm" align="flex-end" role="search" aria-label="Filter templates">
        <SearchBox
          label="Search templates"
          placeholder="Search by name, subject or category"
          value={search}
          onSearch={setSearch}
          style={{ flex: 1, minWidth: 220, maxWidth: 420 }}
        />
        <Select
          aria-label="Difficulty"
          placeholder="Any difficulty"
          clearable
          data={DIFFICULTIES.map((d) => ({ value: d.value, label: d.label }))}
          value={listParams.difficulty ?? null}
          onChange={(value) => setDifficulty(value)}
          w={170}
        />
        <SegmentedControl
          aria-label="Show templates"
          value={listParams.status}
          onChange={(value) => setStatus(value as StatusFilter)}
          data={[
            { value: 'active', label: 'Active' },
            { value: 'archived', label: 'Archived' },
            { value: 'all', label: 'All' },
          ]}
        />
      </Group>

      {templates.error ? (
        <ErrorState error={templates.error} onRetry={() => templates.refetch()} />
      ) : (
        <ActionTooltips>
          <DataTable<Template>
            aria-label="Templates"
            withTableBorder
            borderRadius="md"
            highlightOnHover
            verticalAlign="center"
            minHeight={templates.isPending || records.length === 0 ? 240 : undefined}
            fetching={templates.isFetching}
            records={records}
            idAccessor="id"
            noRecordsIcon={<IconMailOpened size={28} stroke={1.5} />}
            noRecordsText={
              templates.isPending
                ? ''
                : filtered
                  ? 'No templates match these filters.'
                  : listParams.status === 'archived'
                    ? 'No archived templates.'
                    : 'No templates here.'
            }
            columns={[
              {
                accessor: 'name',
                title: 'Template',
                render: (tpl) => (
                  <Stack gap={2}>
                    <Group gap="xs" wrap="nowrap">
                      <Anchor component={Link} to={`/phishing/templates/${tpl.id}`} size="sm" fw={500}>
                        {tpl.name}
                      </Anchor>
                      {tpl.builtIn && (
                        <Badge size="xs" variant="light" color="indigo">
                          Built-in
                        </Badge>
                      )}
                      {tpl.status === 'archived' && (
                        <Badge size="xs" variant="light" color="gray">
                          Archived
                        </Badge>
                      )}
                    </Group>
                    <Text size="xs" c="dimmed" lineClamp={1}>
                      {tpl.subject}
                    </Text>
                  </Stack>
                ),
              },
              {
                accessor: 'sender',
                title: 'From',
                render: (tpl) => (
                  <Stack gap={0}>
                    <Text size="sm">{tpl.senderName}</Text>
                    <Text size="xs" c="dimmed">
                      {tpl.senderAddress}
                    </Text>
                  </Stack>
                ),
              },
              { accessor: 'category', title: 'Category', width: 150 },
              {
                accessor: 'difficulty',
                title: 'Difficulty',
                width: 110,
                render: (tpl) => <DifficultyBadge difficulty={tpl.difficulty} />,
              },
              {
                accessor: 'actions',
                title: <VisuallyHidden>Actions</VisuallyHidden>,
                textAlign: 'right',
                width: 100,
                render: (tpl) => (
                  <Group gap={4} justify="flex-end" wrap="nowrap">
                    <CloneArchiveActions
                      name={tpl.name}
                      status={tpl.status}
                      cloning={clone.isPending && clone.variables?.id === tpl.id}
                      onClone={() => clone.mutate(tpl)}
                      onArchive={() => confirmArchive(tpl)}
                      onRestore={() => confirmRestore(tpl)}
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
