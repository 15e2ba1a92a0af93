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
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = ''; // browsers that still ask for it
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);
  return blocker;
}

/**
 * "Leave without saving?": Keep editing (focused) or leave, as `leaveLabel` says; `onLeave` runs just
 * before leaving (e.g. to forget a kept draft).
 */
export function LeaveGuardModal({
  blocker,
  children,
  leaveLabel = 'Leave',
  onLeave,
}: {
  blocker: Blocker;
  children: ReactNode;
  leaveLabel?: string;
  onLeave?: () => void;
}) {
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
          <Button variant="default" onClick={() => blocker.reset?.()} data-autofocus>
            Keep editing
          </Button>
          <Button
            color="red"
            onClick={() => {
              onLeave?.();
              blocker.proceed?.();
            }}
          >
            {leaveLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
