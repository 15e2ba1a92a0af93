import '@mantine/dates/styles.layer.css';
import { Alert, Button, Checkbox, Group, Modal, MultiSelect, Stack, Text } from '@mantine/core';
import { DateTimePicker } from '@mantine/dates';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconCalendar } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { type FormEvent, useEffect, useState } from 'react';
import { fieldErrors } from '../../shared/formErrors.ts';
import { useDepartments } from '../departments/departmentsApi.ts';
import { useGroups } from '../groups/groupsApi.ts';
import { assignmentSummary, type CourseDetail, createAssignment, trainingQueryKey } from './trainingApi.ts';

const PICKER_FORMAT = 'YYYY-MM-DD HH:mm:ss';

/** Two weeks from today at 17:00 local time: end of a working day, far enough to fit a course in. */
const defaultDueAt = () => dayjs().add(14, 'day').hour(17).minute(0).second(0).format(PICKER_FORMAT);

/** Assign: a course to groups and departments (and, optionally, their future members) with a due date. */
export function AssignCourseModal({
  course,
  opened,
  onClose,
}: {
  course: CourseDetail;
  opened: boolean;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const groups = useGroups();
  const departments = useDepartments();
  const [groupIds, setGroupIds] = useState<string[]>([]);
  const [departmentIds, setDepartmentIds] = useState<string[]>([]);
  const [dueAt, setDueAt] = useState<string | null>(defaultDueAt);
  const [includeFutureMembers, setIncludeFutureMembers] = useState(false);

  const assign = useMutation({
    mutationFn: () =>
      createAssignment({
        courseId: course.id,
        groupIds,
        departmentIds,
        dueAt: dayjs(dueAt).toISOString(),
        includeFutureMembers,
      }),
    onSuccess: (result) => {
      queryClient.invalidateQueries({ queryKey: trainingQueryKey });
      notifications.show({ color: 'green', title: course.title, message: assignmentSummary(result) });
      onClose();
    },
  });

  // Every opening starts afresh.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset on opening only
  useEffect(() => {
    if (!opened) return;
    setGroupIds([]);
    setDepartmentIds([]);
    setDueAt(defaultDueAt());
    setIncludeFutureMembers(false);
    assign.reset();
  }, [opened]);

  const errors = fieldErrors(assign.error, ['dueAt', 'groupIds', 'departmentIds'] as const);
  const nothingChosen = groupIds.length === 0 && departmentIds.length === 0;
  const dueInvalid = !dueAt || !dayjs(dueAt).isValid();

  function submit(event: FormEvent) {
    event.preventDefault();
    if (nothingChosen || dueInvalid) return;
    assign.mutate();
  }

  const memberCount = (groups.data ?? [])
    .filter((g) => groupIds.includes(g.id))
    .reduce((sum, g) => sum + g.memberCount, 0);

  return (
    <Modal opened={opened} onClose={onClose} title={`Assign “${course.title}”`} size="lg">
      <form onSubmit={submit}>
        <Stack gap="md">
          <MultiSelect
            label="Groups"
            placeholder={groupIds.length === 0 ? 'Choose groups' : undefined}
            data={(groups.data ?? []).map((g) => ({
              value: g.id,
              label: `${g.name} (${g.memberCount.toLocaleString()})`,
            }))}
            value={groupIds}
            onChange={setGroupIds}
            searchable
            clearable
            nothingFoundMessage="No such group"
            error={groups.error ? 'The groups could not be loaded.' : errors.fields.groupIds}
            comboboxProps={{ withinPortal: true }}
          />
          <MultiSelect
            label="Departments"
            placeholder={departmentIds.length === 0 ? 'Choose departments' : undefined}
            data={(departments.data ?? []).map((d) => ({ value: d.id, label: d.name }))}
            value={departmentIds}
            onChange={setDepartmentIds}
            searchable
            clearable
            nothingFoundMessage="No such department"
            error={departments.error ? 'The departments could not be loaded.' : errors.fields.departmentIds}
            comboboxProps={{ withinPortal: true }}
          />
          <DateTimePicker
            label="Due"
            description="Reminders and the Overdue status go by this date and time (your local time)."
            value={dueAt}
            onChange={setDueAt}
            valueFormat="D MMM YYYY, HH:mm"
            minDate={dayjs().format('YYYY-MM-DD')}
            leftSection={<IconCalendar size={16} aria-hidden />}
            error={errors.fields.dueAt ?? (dueInvalid ? 'Choose a due date.' : undefined)}
            popoverProps={{ withinPortal: true }}
            required
          />
          <Checkbox
            label="Also assign to people who join later"
            description="Users who join these groups or departments later get the course too, with as much time to complete it as people have now."
            checked={includeFutureMembers}
            onChange={(e) => setIncludeFutureMembers(e.currentTarget.checked)}
          />
          {errors.rest && (
            <Alert color="red" icon={<IconAlertTriangle size={18} />} role="alert">
              {errors.rest}
            </Alert>
          )}
          <Group justify="space-between">
            <Text size="sm" c="dimmed">
              {nothingChosen
                ? 'Choose at least one group or department.'
                : groupIds.length > 0
                  ? `The chosen groups have ${memberCount.toLocaleString()} members in all.`
                  : ''}
            </Text>
            <Group gap="sm">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button type="submit" loading={assign.isPending} disabled={nothingChosen || dueInvalid}>
                Assign
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
