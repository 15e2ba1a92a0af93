import {
  Alert,
  Badge,
  Button,
  Code,
  FileButton,
  Group,
  Loader,
  Modal,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import {
  IconAlertTriangle,
  IconCircleCheck,
  IconDownload,
  IconFileTypeCsv,
  IconUpload,
} from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { DataTable, type DataTablePaginationProps } from 'mantine-datatable';
import { type DragEvent, useState } from 'react';
import { api, errorMessage } from '../../shared/api.ts';
import type { ImportReport } from '../../shared/types.ts';
import { departmentsQueryKey } from '../departments/departmentsApi.ts';

export const TEMPLATE_CSV =
  'Email,First Name,Last Name,Department,Language,Location,Groups\r\n' +
  'ada@example.com,Ada,Lovelace,Engineering,en,London,Managers;London Office\r\n';

/** The template is made here, in the browser: a Blob handed to a download link. */
export function downloadTemplate() {
  const url = URL.createObjectURL(new Blob([TEMPLATE_CSV], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = 'heed-users-template.csv';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

interface PickedFile {
  /** Tells one pick from the next, even of the same file (the preview is asked for again). */
  token: number;
  name: string;
  size: number;
  text: string;
}

const formatSize = (bytes: number) =>
  bytes < 1024
    ? `${bytes} B`
    : bytes < 1024 * 1024
      ? `${(bytes / 1024).toFixed(1)} KB`
      : `${(bytes / 1024 / 1024).toFixed(1)} MB`;

const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

export function ImportCsvModal(props: { opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={props.opened} onClose={props.onClose} title="Import users from a CSV file" size="xl">
      {props.opened && <ImportFlow onClose={props.onClose} />}
    </Modal>
  );
}

function ImportFlow({ onClose }: { onClose: () => void }) {
  const queryClient = useQueryClient();
  const [file, setFile] = useState<PickedFile | null>(null);
  const [pickError, setPickError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const [group, setGroup] = useState('');
  const [groupForPreview] = useDebouncedValue(group.trim(), 400);
  const [finalReport, setFinalReport] = useState<ImportReport | null>(null);

  async function pick(picked: File | null | undefined) {
    if (!picked) return;
    setFinalReport(null);
    if (!/\.csv$/i.test(picked.name) && !/csv/i.test(picked.type)) {
      setFile(null);
      setPickError(`“${picked.name}” is not a CSV file. Choose a file ending in .csv.`);
      return;
    }
    setPickError(null);
    const text = await picked.text();
    setFile({ token: Date.now(), name: picked.name, size: picked.size, text });
  }

  const upload = (dryRun: boolean) =>
    api<ImportReport>('/users/bulk', {
      method: 'POST',
      query: { dryRun: dryRun ? 'true' : undefined, group: group.trim() || undefined },
      text: { body: file?.text ?? '', contentType: 'text/csv' },
    });

  // The dry run is the preview: the server runs the whole import and rolls it back, so its report is exact.
  const preview = useQuery({
    queryKey: ['users-import-preview', file?.token, groupForPreview],
    queryFn: () => upload(true),
    enabled: file !== null && finalReport === null,
    retry: false,
    gcTime: 0,
    staleTime: Number.POSITIVE_INFINITY,
  });
  const previewIsCurrent = groupForPreview === group.trim();

  const commit = useMutation({
    mutationFn: () => upload(false),
    onSuccess: (report) => {
      setFinalReport(report);
      queryClient.invalidateQueries({ queryKey: ['users'] });
      queryClient.invalidateQueries({ queryKey: departmentsQueryKey });
      queryClient.invalidateQueries({ queryKey: ['groups'] });
      notifications.show({
        color: 'green',
        title: 'Import finished',
        message: `${count(report.created, 'user')} created, ${report.updated.toLocaleString()} updated, ${report.unchanged.toLocaleString()} unchanged${
          report.failed > 0 ? `, ${count(report.failed, 'row')} skipped` : ''
        }.`,
      });
    },
  });

  function onDrop(event: DragEvent) {
    event.preventDefault();
    setDragging(false);
    const files = event.dataTransfer.files;
    if (files.length > 1) setPickError('Drop one file at a time.');
    else void pick(files[0]);
  }

  const report = finalReport ?? preview.data;
  const importable = preview.data ? preview.data.total - preview.data.failed : 0;

  return (
    <Stack gap="md">
      <Text size="sm">
        Users are matched by email: new ones are added, known ones updated, and an empty cell never clears a
        stored value. Missing departments and groups are created. Nothing is saved until you click Import.
      </Text>

      {!finalReport && (
        <Paper
          withBorder
          p="lg"
          radius="md"
          style={{
            borderStyle: 'dashed',
            borderWidth: 2,
            borderColor: dragging ? 'var(--mantine-color-indigo-5)' : undefined,
            background: dragging ? 'var(--mantine-color-indigo-0)' : 'var(--mantine-color-gray-0)',
          }}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
        >
          <Group justify="center" gap="md" wrap="nowrap">
            <IconFileTypeCsv size={36} color="var(--mantine-color-indigo-5)" aria-hidden />
            <Stack gap={2}>
              {file ? (
                <>
                  <Text fw={500}>{file.name}</Text>
                  <Text size="xs" c="dimmed">
                    {formatSize(file.size)} · drop another file here to replace it
                  </Text>
                </>
              ) : (
                <>
                  <Text fw={500}>Drop a .csv file here, or choose one</Text>
                  <Text size="xs" c="dimmed">
                    Columns: <Code>Email</Code> (required), <Code>First Name</Code>, <Code>Last Name</Code>,{' '}
                    <Code>Department</Code>, <Code>Language</Code>, <Code>Location</Code>, <Code>Groups</Code>{' '}
                    (names separated by <Code>;</Code>). Up to 100,000 rows.
                  </Text>
                </>
              )}
            </Stack>
            <FileButton onChange={pick} accept=".csv,text/csv">
              {(buttonProps) => (
                <Button
                  {...buttonProps}
                  variant={file ? 'default' : 'filled'}
                  leftSection={<IconUpload size={16} />}
                >
                  {file ? 'Choose another file' : 'Choose file'}
                </Button>
              )}
            </FileButton>
          </Group>
        </Paper>
      )}

      {pickError && (
        <Alert color="red" role="alert" icon={<IconAlertTriangle size={18} />}>
          {pickError}
        </Alert>
      )}

      {!(finalReport && !group.trim()) && (
        <TextInput
          label="Assign everyone to group"
          description="Optional: also adds everyone in the file to this group (created if it does not exist)."
          placeholder="e.g. Spring 2026 hires"
          maxLength={100}
          value={group}
          onChange={(e) => setGroup(e.currentTarget.value)}
          disabled={finalReport !== null || commit.isPending}
        />
      )}

      {file && !finalReport && (preview.isFetching || !previewIsCurrent) && (
        <Group gap="sm" role="status">
          <Loader size="sm" />
          <Text size="sm" c="dimmed">
            Checking every row… nothing is saved yet.
          </Text>
        </Group>
      )}

      {file && !finalReport && preview.error && !preview.isFetching && (
        <Alert
          color="red"
          role="alert"
          icon={<IconAlertTriangle size={18} />}
          title="This file cannot be imported"
        >
          {errorMessage(preview.error)}
        </Alert>
      )}

      {commit.error && (
        <Alert color="red" role="alert" icon={<IconAlertTriangle size={18} />} title="The import failed">
          {errorMessage(commit.error)} Nothing was saved.
        </Alert>
      )}

      {report && (finalReport || (!preview.isFetching && previewIsCurrent)) && (
        <ReportView report={report} final={finalReport !== null} />
      )}

      <Group justify="space-between">
        <Button variant="subtle" leftSection={<IconDownload size={16} />} onClick={downloadTemplate}>
          Download template
        </Button>
        {finalReport ? (
          <Button onClick={onClose}>Done</Button>
        ) : (
          <Group gap="sm">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button
              onClick={() => commit.mutate()}
              loading={commit.isPending}
              disabled={!preview.data || preview.isFetching || !previewIsCurrent || importable === 0}
            >
              {preview.data && importable > 0 ? `Import ${count(importable, 'user')}` : 'Import'}
            </Button>
          </Group>
        )}
      </Group>
    </Stack>
  );
}

function ReportView({ report, final }: { report: ImportReport; final: boolean }) {
  const [page, setPage] = useState(1);
  const perPage = 25;
  const paged = report.errors.length > perPage;
  const pagination: DataTablePaginationProps = paged
    ? {
        totalRecords: report.errors.length,
        recordsPerPage: perPage,
        page,
        onPageChange: setPage,
        paginationText: ({ from, to, totalRecords }) =>
          `Errors ${from}–${to} of ${totalRecords.toLocaleString()}`,
      }
    : {};
  const stats: { label: string; value: number; color: string }[] = [
    { label: final ? 'Created' : 'Will be created', value: report.created, color: 'green' },
    { label: final ? 'Updated' : 'Will be updated', value: report.updated, color: 'blue' },
    { label: 'Unchanged', value: report.unchanged, color: 'gray' },
    { label: final ? 'Failed' : 'With errors', value: report.failed, color: 'red' },
  ];
  const extras = [
    report.departmentsCreated > 0 && count(report.departmentsCreated, 'new department'),
    report.groupsCreated > 0 && count(report.groupsCreated, 'new group'),
    report.membershipsAdded > 0 && count(report.membershipsAdded, 'group membership'),
  ].filter(Boolean);

  return (
    <Stack gap="sm" aria-label={final ? 'Import report' : 'Import preview'} role="region">
      <Group gap="xs">
        {final ? (
          <IconCircleCheck size={20} color="var(--mantine-color-green-6)" aria-hidden />
        ) : (
          <Badge variant="light" color="yellow">
            Preview · nothing saved yet
          </Badge>
        )}
        <Title order={4}>
          {final ? `Import finished: ${count(report.total, 'row')}` : `${count(report.total, 'row')} checked`}
        </Title>
      </Group>
      <SimpleGrid cols={4} spacing="sm">
        {stats.map((s) => (
          <Paper key={s.label} withBorder px="sm" py={6} radius="md">
            <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
              {s.label}
            </Text>
            <Text
              size="lg"
              fw={700}
              c={s.value > 0 ? `${s.color}.7` : 'dimmed'}
              aria-label={`${s.label}: ${s.value}`}
            >
              {s.value.toLocaleString()}
            </Text>
          </Paper>
        ))}
      </SimpleGrid>
      {extras.length > 0 && (
        <Text size="sm" c="dimmed">
          {final ? 'Also added' : 'Will also add'}: {extras.join(', ')}.
        </Text>
      )}
      {report.errors.length > 0 && (
        <>
          <Text size="sm" fw={500}>
            {final
              ? `${count(report.errors.length, 'row was', 'rows were')} skipped:`
              : `${count(report.errors.length, 'row has', 'rows have')} errors and will be skipped; the other rows are not affected:`}
          </Text>
          <DataTable
            aria-label="Rows with errors"
            withTableBorder
            borderRadius="md"
            striped
            maxHeight={paged ? 300 : 240}
            records={report.errors.slice((page - 1) * perPage, page * perPage)}
            idAccessor={(e) => `${e.row}:${e.message}`}
            {...pagination}
            columns={[
              { accessor: 'row', title: 'Row', width: 70, textAlign: 'right' },
              {
                accessor: 'email',
                title: 'Email',
                width: 240,
                render: (e) =>
                  e.email ? (
                    <Text size="sm" style={{ wordBreak: 'break-all' }}>
                      {e.email}
                    </Text>
                  ) : (
                    <Text size="sm" c="dimmed">
                      (none)
                    </Text>
                  ),
              },
              {
                accessor: 'message',
                title: 'Problem',
                render: (e) => e.message.charAt(0).toUpperCase() + e.message.slice(1),
              },
            ]}
          />
        </>
      )}
    </Stack>
  );
}
