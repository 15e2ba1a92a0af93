import {
  Alert,
  Anchor,
  Button,
  Group,
  MultiSelect,
  NumberInput,
  Paper,
  Select,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconFishHook, IconSchool } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../../shared/api.ts';
import { fieldErrors } from '../../shared/formErrors.ts';
import { ErrorState } from '../../shared/PageState.tsx';
import { SettingsLayout } from '../../shared/SettingsLayout.tsx';
import { groupsQueryKey } from '../groups/groupsApi.ts';
import { courseListQuery } from '../training/trainingApi.ts';
import {
  type PhishedUsersSettings,
  phishedUsersSettingsQuery,
  REMOVE_AFTER_OPTIONS,
  type RemoveAfter,
  type UpdatePhishedUsersSettingsInput,
  updatePhishedUsersSettings,
  usePhishedUsersSettings,
} from './phishedUsersApi.ts';

const FIELDS = ['enabled', 'groupName', 'removeAfter', 'remediationCourseIds', 'remediationDueDays'] as const;

interface Form {
  enabled: boolean;
  groupName: string;
  removeAfter: RemoveAfter;
  courseIds: string[];
  dueDays: number | string;
}

function toForm(settings: PhishedUsersSettings): Form {
  return {
    enabled: settings.enabled,
    groupName: settings.groupName,
    removeAfter: settings.removeAfter,
    courseIds: settings.remediationCourseIds,
    dueDays: settings.remediationDueDays,
  };
}

function toInput(form: Form): UpdatePhishedUsersSettingsInput {
  return {
    enabled: form.enabled,
    groupName: form.groupName.trim(),
    removeAfter: form.removeAfter,
    remediationCourseIds: form.courseIds,
    remediationDueDays: Number(form.dueDays),
  };
}

/** What the API would refuse, said before asking it. */
function formProblems(form: Form): { groupName?: string; dueDays?: string } {
  const problems: { groupName?: string; dueDays?: string } = {};
  const name = form.groupName.trim();
  if (name.length === 0) problems.groupName = 'Enter a name for the group.';
  else if (name.length > 100) problems.groupName = 'Use at most 100 characters.';
  const days = typeof form.dueDays === 'number' ? form.dueDays : Number.NaN;
  if (!Number.isInteger(days) || days < 1 || days > 365)
    problems.dueDays = 'Enter a whole number of days from 1 to 365.';
  return problems;
}

/** A refused course names itself under `remediationCourseIds.<index>`: shown under the course picker. */
function courseError(error: unknown): string | null {
  if (!(error instanceof ApiError)) return null;
  const item = error.problem.errors?.find((e) => e.path.startsWith('body.remediationCourseIds'));
  return item ? error.problem.detail : null;
}

/** Phishing Simulation → Settings: the Phished Users automation. */
export default function PhishedUsersSettingsPage() {
  const settings = usePhishedUsersSettings();

  return (
    <SettingsLayout
      title="Phishing settings"
      description="What happens to people who fail a simulation: the group they join, when they leave it, and the training they get."
      settings={settings}
      skeletons={[260, 180]}
    >
      {(data) => <SettingsForm settings={data} />}
    </SettingsLayout>
  );
}

function SettingsForm({ settings }: { settings: PhishedUsersSettings }) {
  const queryClient = useQueryClient();
  const [form, setForm] = useState<Form>(() => toForm(settings));
  const [problems, setProblems] = useState<{ groupName?: string; dueDays?: string }>({});
  const set = (patch: Partial<Form>) => setForm((current) => ({ ...current, ...patch }));
  const courses = useQuery(courseListQuery('all'));

  // Active courses can be picked; a chosen course archived since stays visible so it can be taken off.
  const courseOptions = useMemo(() => {
    const all = courses.data ?? [];
    return all
      .filter((c) => c.status === 'active' || form.courseIds.includes(c.id))
      .map((c) => ({ value: c.id, label: c.status === 'active' ? c.title : `${c.title} (archived)` }));
  }, [courses.data, form.courseIds]);

  const save = useMutation({
    mutationFn: (input: UpdatePhishedUsersSettingsInput) => updatePhishedUsersSettings(input),
    onSuccess: (saved) => {
      queryClient.setQueryData(phishedUsersSettingsQuery.queryKey, saved);
      // The group may have been created or renamed, and removal times recomputed.
      void queryClient.invalidateQueries({ queryKey: groupsQueryKey });
      setForm(toForm(saved));
      notifications.show({
        color: 'green',
        title: 'Phishing settings saved',
        message: saved.enabled
          ? `Everyone who fails a simulation now joins “${saved.groupName}”.`
          : 'The Phished Users automation is off; nobody is added to the group.',
      });
    },
  });
  // What is stored changed elsewhere (another tab, a refetch) while nothing is being edited here.
  const stored = toForm(settings);
  const dirty = JSON.stringify(stored) !== JSON.stringify(form);
  // biome-ignore lint/correctness/useExhaustiveDependencies: follow the stored settings, not every render
  useEffect(() => {
    if (!dirty) setForm(stored);
  }, [settings]);

  const errors = fieldErrors(save.error, FIELDS);
  const coursesError = courseError(save.error);
  // The only conflict here: the name is another group's. Said under the name, where it is fixed.
  const nameTaken =
    save.error instanceof ApiError && save.error.status === 409 ? save.error.problem.detail : null;
  const rest = coursesError || nameTaken ? null : errors.rest;

  function submit(event: FormEvent) {
    event.preventDefault();
    const found = formProblems(form);
    setProblems(found);
    if (Object.keys(found).length > 0) return;
    save.mutate(toInput(form));
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Paper withBorder p="lg" radius="md" component="section" aria-labelledby="settings-phished-users">
          <Stack gap="md">
            <Group gap="xs">
              <IconFishHook size={20} color="var(--mantine-color-indigo-6)" aria-hidden />
              <Title order={3} size="h4" id="settings-phished-users">
                Phished Users
              </Title>
            </Group>
            <Switch
              label="Add everyone who fails a simulation to a group"
              description="Clicking the link or submitting the landing page's form, as each campaign counts it, adds the person at once, with the campaign and the time as the reason."
              checked={form.enabled}
              onChange={(e) => set({ enabled: e.currentTarget.checked })}
              error={errors.fields.enabled}
            />
            <TextInput
              label="Group name"
              description={
                settings.groupId
                  ? 'Renames the group. Turning the automation off keeps the group and its members.'
                  : 'The group (of kind Phished) is created when you first turn the automation on.'
              }
              value={form.groupName}
              onChange={(e) => {
                set({ groupName: e.currentTarget.value });
                setProblems((p) => ({ ...p, groupName: undefined }));
                if (nameTaken) save.reset();
              }}
              maxLength={100}
              error={problems.groupName ?? nameTaken ?? errors.fields.groupName}
              styles={{ wrapper: { maxWidth: 360 } }}
            />
            {settings.groupId && (
              <Text size="sm">
                <Anchor component={Link} to={`/groups/${settings.groupId}`}>
                  Open “{settings.groupName}”
                </Anchor>{' '}
                <Text span c="dimmed" size="sm">
                  · {settings.memberCount.toLocaleString()}{' '}
                  {settings.memberCount === 1 ? 'member' : 'members'}
                </Text>
              </Text>
            )}
            <Select
              label="Automatic removal"
              description="Counted from the day the person failed; a new failure starts the time again. Members you add by hand stay until removed."
              data={REMOVE_AFTER_OPTIONS}
              value={form.removeAfter}
              onChange={(value) => value !== null && set({ removeAfter: value as RemoveAfter })}
              allowDeselect={false}
              error={errors.fields.removeAfter}
              w={220}
              styles={{ description: { width: 'min(640px, 80vw)' } }}
            />
          </Stack>
        </Paper>

        <Paper withBorder p="lg" radius="md" component="section" aria-labelledby="settings-remediation">
          <Stack gap="md">
            <Group gap="xs">
              <IconSchool size={20} color="var(--mantine-color-indigo-6)" aria-hidden />
              <Title order={3} size="h4" id="settings-remediation">
                Remediation training
              </Title>
            </Group>
            {courses.error ? (
              <ErrorState error={courses.error} onRetry={() => courses.refetch()} />
            ) : (
              <MultiSelect
                label="Courses assigned on failure"
                description="Assigned automatically to whoever fails (while the automation is on). Someone who already has a course pending keeps it; someone who completed it gets it again."
                placeholder={
                  courses.isPending ? 'Loading courses…' : form.courseIds.length ? undefined : 'No courses'
                }
                data={courseOptions}
                value={form.courseIds}
                onChange={(value) => {
                  set({ courseIds: value });
                  if (coursesError) save.reset();
                }}
                searchable
                clearable
                nothingFoundMessage="No active course with this title"
                disabled={courses.isPending}
                error={coursesError ?? errors.fields.remediationCourseIds}
              />
            )}
            <NumberInput
              label="Due after (days)"
              description="Counted from the failure."
              value={form.dueDays}
              onChange={(value) => {
                set({ dueDays: value });
                setProblems((p) => ({ ...p, dueDays: undefined }));
              }}
              min={1}
              max={365}
              step={1}
              allowDecimal={false}
              allowNegative={false}
              clampBehavior="none"
              suffix=" days"
              error={problems.dueDays ?? errors.fields.remediationDueDays}
              styles={{ wrapper: { maxWidth: 200 } }}
            />
          </Stack>
        </Paper>

        {rest && (
          <Alert color="red" icon={<IconAlertTriangle size={18} />} title="Not saved" role="alert">
            {rest}
          </Alert>
        )}
        <Group justify="flex-end" gap="sm">
          {dirty && (
            <Button
              variant="default"
              onClick={() => {
                setForm(stored);
                setProblems({});
                save.reset();
              }}
            >
              Discard changes
            </Button>
          )}
          <Button type="submit" loading={save.isPending}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
