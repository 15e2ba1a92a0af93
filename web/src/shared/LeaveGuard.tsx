/**
 * An editor's guard against losing unsaved changes: leaving for another page asks first (in the
 * console), and closing or reloading the tab asks the browser's own question.
 */
import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { type ReactNode, useEffect } from 'react';
import { type Blocker, useBlocker } from 'react-router';

/**
 * Blocks leaving while `dirty`; `mayBlock` is asked at the moment of leaving (false while saving, or
 * once a save is navigating away on purpose).
 */
export function useLeaveGuard(dirty: boolean, mayBlock: () => boolean = () => true): Blocker {
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      dirty && mayBlock() && currentLocation.pathname !== nextLocation.pathname,
  );
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);
  return blocker;
}

/** "Leave without saving?": Keep editing or Leave. */
export function LeaveGuardModal({ blocker, children }: { blocker: Blocker; children: ReactNode }) {
  return (
    <Modal
      opened={blocker.state === 'blocked'}
      onClose={() => blocker.reset?.()}
      title="Leave without saving?"
      centered
    >
      <Stack>
        <Text size="sm">{children}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={() => blocker.reset?.()}>
            Keep editing
          </Button>
          <Button color="red" onClick={() => blocker.proceed?.()}>
            Leave
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
