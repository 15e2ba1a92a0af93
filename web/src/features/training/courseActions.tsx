/**
 * What the Courses list, a course's page and the editor can do to a course: clone it (and open the copy
 * in the editor), archive or restore it after a confirmation.
 */
import { Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { errorMessage } from '../../shared/api.ts';
import {
  type Course,
  cloneCourse,
  courseDetailQuery,
  setCourseArchived,
  trainingQueryKey,
} from './trainingApi.ts';

type CourseRef = Pick<Course, 'id' | 'title'>;

/** Clones a course and opens the copy in the editor. */
export function useCloneCourse() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: (course: CourseRef) => cloneCourse(course.id),
    onSuccess: (copy) => {
      queryClient.invalidateQueries({ queryKey: trainingQueryKey });
      queryClient.setQueryData(courseDetailQuery(copy.id).queryKey, copy);
      notifications.show({ color: 'green', message: `Created “${copy.title}”: your own copy to edit.` });
      navigate(`/training/courses/${copy.id}/edit`);
    },
    onError: (error, course) =>
      notifications.show({
        color: 'red',
        title: `Could not clone “${course.title}”`,
        message: errorMessage(error),
      }),
  });
}

/** Archive and Restore, each asking first. */
export function useArchiveCourse() {
  const queryClient = useQueryClient();
  const change = useMutation({
    mutationFn: ({ course, archive }: { course: CourseRef; archive: boolean }) =>
      setCourseArchived(course.id, archive),
    onSuccess: (updated, { course, archive }) => {
      queryClient.invalidateQueries({ queryKey: trainingQueryKey });
      queryClient.setQueryData(courseDetailQuery(updated.id).queryKey, updated);
      notifications.show({
        color: 'green',
        message: archive ? `Archived “${course.title}”.` : `Restored “${course.title}”.`,
      });
    },
    onError: (error, { course, archive }) =>
      notifications.show({
        color: 'red',
        title: `Could not ${archive ? 'archive' : 'restore'} “${course.title}”`,
        message: errorMessage(error),
      }),
  });

  function confirmArchive(course: Pick<Course, 'id' | 'title' | 'enrollments'>) {
    const pending = course.enrollments.assigned - course.enrollments.completed;
    modals.openConfirmModal({
      title: `Archive “${course.title}”?`,
      children: (
        <Text size="sm">
          It leaves the catalog and can no longer be assigned.{' '}
          {pending > 0
            ? `The ${pending.toLocaleString()} people who have it and have not finished can still complete it.`
            : 'Nobody has it pending.'}{' '}
          You can restore it at any time.
        </Text>
      ),
      labels: { confirm: 'Archive course', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () => change.mutate({ course, archive: true }),
    });
  }

  function confirmRestore(course: CourseRef) {
    modals.openConfirmModal({
      title: `Restore “${course.title}”?`,
      children: <Text size="sm">It comes back into the catalog and can be assigned again.</Text>,
      labels: { confirm: 'Restore course', cancel: 'Cancel' },
      onConfirm: () => change.mutate({ course, archive: false }),
    });
  }

  return { change, confirmArchive, confirmRestore };
}
