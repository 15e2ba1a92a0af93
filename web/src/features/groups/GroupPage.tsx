import {
  Alert,
  Anchor,
  Breadcrumbs,
  Button,
  Loader,
  Paper,
  Group as Row,
  Skeleton,
  Stack,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import {
  IconArrowLeft,
  IconBellRinging,
  IconDownload,
  IconUserMinus,
  IconUserOff,
  IconUserPlus,
  IconUsersGroup,
} from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { DataTable, type DataTableSortStatus } from 'mantine-datatable';
import { useEffect, useMemo, useRef } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { ApiError, apiUrl, errorMessage } from '../../shared/api.ts';
import { formatDate } from '../../shared/dates.ts';
import { PagerBar } from '../../shared/PagerBar.tsx';
import { ErrorState } from '../../shared/PageState.tsx';
import {
  applyTicks,
  currentSearchParams,
  idsParam,
  setIdsParam,
  useCursorPaging,
  useReplaceParams,
  useUrlParam,
} from '../../shared/paging.ts';
import { SearchBox } from '../../shared/SearchBox.tsx';
import { useStagedRows } from '../../shared/stagedRows.ts';
import type { Group, Member } from '../../shared/types.ts';
import { useDepartments } from '../departments/departmentsApi.ts';
import { phishedReason } from '../phishing/phishedUsersApi.ts';
import { GroupTrainingButton } from '../training/GroupTraining.tsx';
import { remindGroup } from '../training/remindersApi.ts';
import { SEND_REMINDERS_HELP, useSendReminders } from '../training/useSendReminders.tsx';
import { DIMMED, personColumns } from '../users/userColumns.tsx';
import { ClearFiltersButton, DepartmentFilter, StatusFilter } from '../users/userFilters.tsx';
import { describeStatusChange, displayName } from '../users/usersApi.ts';
import { ASSIGN_PARAM, AssignUsersModal, forgetAssignParams } from './AssignUsersModal.tsx';
import { GroupKindBadge } from './GroupKindBadge.tsx';
import {
  disableUsers,
  groupsQueryKey,
  handEditRefusal,
  MEMBERS_PAGE_SIZE,
  type MemberFilters,
  memberListParams,
  plural,
  removeMembers,
  useGroup,
  useMemberIds,
  useMemberPage,
} from './groupsApi.ts';

const FILTER_PARAMS = ['search', 'departmentId', 'status'] as const;

export default function GroupPage() {
  const { groupId = '' } = useParams();
  const group = useGroup(groupId);

  if (group.error) {
    const missing =
      group.error instanceof ApiError && (group.error.status === 404 || group.error.status === 400);
    return (
      <Stack gap="md" maw={640}>
        <Anchor component={Link} to="/groups" size="sm">
          <Row gap={4}>
            <IconArrowLeft size={14} aria-hidden /> Groups
          </Row>
        </Anchor>
        {missing ? (
          <Alert color="yellow" title="This group does not exist" role="alert">
            It may have been deleted, or the link is incomplete. Pick a group from the Groups list.
          </Alert>
        ) : (
          <ErrorState error={group.error} onRetry={() => group.refetch()} />
        )}
      </Stack>
    );
  }
  return <GroupMembers groupId={groupId} group={group.data} />;
}

function GroupMembers({ groupId, group }: { groupId: string; group: Group | undefined }) {
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const replaceParams = useReplaceParams();
  const paging = useCursorPaging();
  const [search, setSearch] = useUrlParam('search');
  const [departmentId, setDepartmentId] = useUrlParam('departmentId');
  const [status, setStatus] = useUrlParam('status');
  const [, setSortParam] = useUrlParam('sort', 'name');
  const departments = useDepartments();

  const listParams = memberListParams(params);
  const { sort, order } = listParams;
  const filters: MemberFilters = useMemo(
    () => ({
      search: search || undefined,
      departmentId: departmentId || undefined,
      status: status === 'active' || status === 'disabled' ? status : undefined,
    }),
    [search, departmentId, status],
  );
  const filtered = FILTER_PARAMS.some((name) => params.get(name));
  const members = useMemberPage(groupId, listParams);
  const records = members.data?.data ?? [];
  const shownRecords = useStagedRows(records);
  const morePages = paging.hasPrevious || Boolean(members.data?.nextCursor);

  // Selection, in the URL so refresh keeps it: `selected=id.id` (ticked rows of this page) or
  // `selected=all` (every member matching the filters, on every page).
  const selectedParam = params.get('selected') ?? '';
  const allMatching = selectedParam === 'all';
  const selectedIds = useMemo(
    () => (allMatching ? [] : selectedParam.split('.').filter(Boolean)),
    [allMatching, selectedParam],
  );
  const selectedRecords = allMatching ? records : records.filter((m) => selectedIds.includes(m.id));
  const setSelection = (value: string[] | 'all') =>
    replaceParams((copy) => {
      if (value === 'all') copy.set('selected', 'all');
      else setIdsParam(copy, 'selected', value);
    });
  const tick = (next: Member[]) =>
    replaceParams((copy) => {
      const current = copy.get('selected') === 'all' ? records.map((m) => m.id) : idsParam(copy, 'selected');
      const drawn = selectedRecords.map((m) => m.id);
      setIdsParam(
        copy,
        'selected',
        applyTicks(
          current,
          drawn,
          next.map((m) => m.id),
        ),
      );
    });

  // Another page, filter or sort: ticked rows no longer on screen are no longer selected.
  const settled = members.data && !members.isPlaceholderData && !members.isFetching;
  useEffect(() => {
    if (!settled || selectedIds.length === 0) return;
    const onPage = new Set(records.map((m) => m.id));
    if (selectedIds.every((id) => onPage.has(id))) return;
    replaceParams(
      (copy) => {
        if (copy.get('selected') === 'all') return;
        setIdsParam(
          copy,
          'selected',
          idsParam(copy, 'selected').filter((id) => onPage.has(id)),
        );
      },
      { immediate: false },
    );
  });
  // "All matching" means matching these filters: other filters, another selection.
  const filterKey = JSON.stringify(filters);
  const shownFilterKey = useRef(filterKey);
  useEffect(() => {
    if (shownFilterKey.current === filterKey) return;
    shownFilterKey.current = filterKey;
    if (allMatching) replaceParams((copy) => copy.delete('selected'), { immediate: false });
  });

  const pageFullySelected = !allMatching && records.length > 0 && selectedRecords.length === records.length;
  // Filtered, the number of matches is only known from their ids: fetched once the whole page is ticked.
  const memberIds = useMemberIds(
    groupId,
    filters,
    allMatching || (pageFullySelected && morePages && filtered),
  );
  const matchingCount = filtered ? memberIds.data?.length : (memberIds.data?.length ?? group?.memberCount);
  const targetIds = allMatching ? memberIds.data : selectedRecords.map((m) => m.id);
  const targetCount = targetIds?.length ?? 0;

  function clearFilters() {
    setParams(
      () => {
        const copy = currentSearchParams();
        for (const name of [...FILTER_PARAMS, 'cursor', 'trail', 'selected']) copy.delete(name);
        return copy;
      },
      { replace: true },
    );
  }

  const assigning = params.get(ASSIGN_PARAM) === '1';
  const setAssigning = (open: boolean) =>
    replaceParams((copy) => {
      forgetAssignParams(copy);
      if (open) copy.set(ASSIGN_PARAM, '1');
    });

  const groupName = group?.name ?? 'this group';
  const refusal = group ? handEditRefusal(group.kind) : null;

  const remove = useMutation({
    mutationFn: (ids: string[]) => removeMembers(groupId, ids),
    onSuccess: (result, ids) => {
      queryClient.invalidateQueries({ queryKey: groupsQueryKey });
      queryClient.invalidateQueries({ queryKey: ['users'] });
      setSelection([]);
      const gone = ids.length - result.removed;
      notifications.show({
        color: 'green',
        title: 'Remove from Group',
        message:
          `Removed ${plural(result.removed, 'member')} from “${groupName}”.` +
          (gone > 0 ? ` ${plural(gone, 'user was', 'users were')} no longer in the group.` : ''),
      });
    },
    onError: (error) =>
      notifications.show({ color: 'red', title: 'Nobody was removed', message: errorMessage(error) }),
  });

  const disable = useMutation({
    mutationFn: (ids: string[]) => disableUsers(ids),
    onSuccess: (result) => {
      queryClient.invalidateQueries({ queryKey: groupsQueryKey });
      queryClient.invalidateQueries({ queryKey: ['users'] });
      setSelection([]);
      const clean = result.refused.length === 0 && result.notFound.length === 0;
      notifications.show({
        color: clean ? 'green' : 'yellow',
        title: 'Disable Account',
        message: describeStatusChange('disable', result),
        autoClose: clean ? 5000 : 10000,
      });
    },
    onError: (error) =>
      notifications.show({ color: 'red', title: 'No account was disabled', message: errorMessage(error) }),
  });

  const reminders = useSendReminders();
  function confirmReminders() {
    const ids = targetIds ?? [];
    // Every member, unfiltered: the group itself, in one call whatever its size.
    const wholeGroup = allMatching && !filtered;
    reminders.confirm({
      key: groupId,
      title: wholeGroup
        ? `Send reminders to the ${plural(ids.length, 'member')} of “${groupName}”?`
        : `Send reminders to ${plural(ids.length, allMatching ? 'matching member' : 'selected member')} of “${groupName}”?`,
      people: 'Members',
      send: () => remindGroup(groupId, wholeGroup ? undefined : ids),
      onSent: () => setSelection([]),
    });
  }

  function confirmRemove() {
    const ids = targetIds ?? [];
    modals.openConfirmModal({
      title: `Remove ${plural(ids.length, 'member')} from “${groupName}”?`,
      children: (
        <Text size="sm">
          Only this membership goes: the {ids.length === 1 ? 'user keeps their' : 'users keep their'} account,
          department and other groups, and can be assigned again at any time.
        </Text>
      ),
      labels: { confirm: 'Remove from Group', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () => remove.mutate(ids),
    });
  }

  function confirmDisable() {
    const ids = targetIds ?? [];
    modals.openConfirmModal({
      title: `Disable ${plural(ids.length, 'account')}?`,
      children: (
        <Text size="sm">
          Disabled users no longer receive training or simulations. They stay in “{groupName}” and in the user
          list, and can be enabled again from Users at any time.
        </Text>
      ),
      labels: { confirm: 'Disable Account', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () => disable.mutate(ids),
    });
  }

  const sortStatus: DataTableSortStatus<Member> = { columnAccessor: sort, direction: order };
  const busy = remove.isPending || disable.isPending || reminders.pendingKey !== null;
  const canAct = targetCount > 0 && !busy;
  const everyone = filtered ? 'matching members' : 'members';

  return (
    <Stack gap="md">
      <Row justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={4}>
          <Breadcrumbs separator="›" fz="sm">
            <Anchor component={Link} to="/groups" size="sm">
              Groups
            </Anchor>
            <Text size="sm" c="dimmed" truncate="end" maw={420}>
              {group?.name ?? '…'}
            </Text>
          </Breadcrumbs>
          {group ? (
            <>
              <Row gap="sm" wrap="nowrap">
                <Title order={2} style={{ wordBreak: 'break-word' }}>
                  {group.name}
                </Title>
                <GroupKindBadge kind={group.kind} size="md" />
              </Row>
              <Text size="sm" c="dimmed">
                {plural(group.memberCount, 'member')} · created {formatDate(group.createdAt)}
              </Text>
            </>
          ) : (
            <>
              <Skeleton h={32} w={260} />
              <Skeleton h={16} w={180} />
            </>
          )}
        </Stack>
        <Row gap="sm" wrap="nowrap">
          <GroupTrainingButton groupId={groupId} groupName={groupName} />
          <Button
            component="a"
            href={apiUrl(`/groups/${groupId}/members.csv`)}
            download
            variant="default"
            leftSection={<IconDownload size={16} />}
          >
            Export CSV
          </Button>
          <Tooltip label={refusal} disabled={!refusal} withArrow multiline w={260}>
            <Button
              leftSection={<IconUserPlus size={16} />}
              data-disabled={refusal ? true : undefined}
              aria-disabled={refusal ? true : undefined}
              onClick={() => !refusal && setAssigning(true)}
            >
              Assign Users
            </Button>
          </Tooltip>
        </Row>
      </Row>

      <Row gap="sm" align="flex-end" wrap="nowrap" role="search" aria-label="Filter members">
        <SearchBox
          label="Search members"
          placeholder="Search members by name or email"
          value={search}
          onSearch={setSearch}
          style={{ flex: 1, minWidth: 220 }}
        />
        <DepartmentFilter
          departments={departments.data}
          value={departmentId}
          onChange={(value) => setDepartmentId(value)}
        />
        <StatusFilter value={status} onChange={(value) => setStatus(value)} />
        {filtered && <ClearFiltersButton onClick={clearFilters} />}
      </Row>

      <Paper
        withBorder={targetCount > 0 || allMatching}
        bg={targetCount > 0 || allMatching ? 'indigo.0' : undefined}
        px="sm"
        py={6}
        radius="md"
      >
        <Row justify="space-between" mih={30} wrap="nowrap">
          <Row gap="xs" aria-live="polite" wrap="nowrap">
            {allMatching ? (
              memberIds.isPending ? (
                <>
                  <Loader size="xs" />
                  <Text size="sm">Selecting all {everyone}…</Text>
                </>
              ) : memberIds.error ? (
                <Text size="sm" c="red">
                  Could not select all {everyone}: {errorMessage(memberIds.error)}
                </Text>
              ) : (
                <>
                  <Text size="sm" fw={500}>
                    All {plural(targetCount, filtered ? 'matching member' : 'member')} selected.
                  </Text>
                  <Button size="compact-sm" variant="subtle" onClick={() => setSelection([])}>
                    Clear selection
                  </Button>
                </>
              )
            ) : selectedRecords.length > 0 ? (
              <>
                <Text size="sm" fw={500}>
                  {pageFullySelected && morePages
                    ? `All ${selectedRecords.length} on this page selected.`
                    : `${selectedRecords.length.toLocaleString()} selected`}
                </Text>
                {pageFullySelected && morePages && (
                  <Button size="compact-sm" variant="subtle" onClick={() => setSelection('all')}>
                    {matchingCount !== undefined
                      ? `Select all ${matchingCount.toLocaleString()} ${filtered ? 'matching' : 'members'}`
                      : `Select all ${everyone}`}
                  </Button>
                )}
              </>
            ) : (
              <Text size="sm" c="dimmed">
                Tick members to act on several at once.
              </Text>
            )}
          </Row>
          <Row gap="xs" wrap="nowrap">
            {/* Focusable while unusable, so keyboard users reach the tooltip that says what it does. */}
            <Tooltip
              label={
                targetCount > 0
                  ? `Remind the ${plural(targetCount, 'selected member')}. ${SEND_REMINDERS_HELP}`
                  : `Tick members to remind them of their pending training. ${SEND_REMINDERS_HELP}`
              }
              withArrow
              multiline
              w={280}
              events={{ hover: true, focus: true, touch: true }}
            >
              <Button
                size="xs"
                variant="default"
                leftSection={<IconBellRinging size={14} />}
                data-disabled={!canAct || undefined}
                aria-disabled={!canAct || undefined}
                loading={reminders.pendingKey === groupId}
                onClick={() => canAct && confirmReminders()}
              >
                Send Reminders
              </Button>
            </Tooltip>
            <Tooltip label={refusal} disabled={!refusal} withArrow multiline w={260}>
              <Button
                size="xs"
                variant="light"
                color="orange"
                leftSection={<IconUserMinus size={14} />}
                disabled={!canAct && !refusal}
                data-disabled={refusal ? true : undefined}
                aria-disabled={refusal ? true : undefined}
                loading={remove.isPending}
                onClick={() => !refusal && confirmRemove()}
              >
                Remove from Group
              </Button>
            </Tooltip>
            <Button
              size="xs"
              variant="light"
              color="red"
              leftSection={<IconUserOff size={14} />}
              disabled={!canAct}
              loading={disable.isPending}
              onClick={confirmDisable}
            >
              Disable Account
            </Button>
          </Row>
        </Row>
      </Paper>

      {members.error ? (
        <ErrorState error={members.error} onRetry={() => members.refetch()} />
      ) : (
        <div>
          <DataTable<Member>
            aria-label={`Members of ${groupName}`}
            withTableBorder
            borderRadius="md"
            highlightOnHover
            verticalAlign="center"
            height="calc(100dvh - 370px)"
            // Fixed layout, as on Users: long values end in "…", and at 1280 pixels the last column (why
            // a Phished User is here, and until when) is in view; narrower windows scroll sideways.
            styles={{ table: { tableLayout: 'fixed' } }}
            minHeight={300}
            fetching={members.isPending || (members.isFetching && members.isPlaceholderData)}
            records={shownRecords}
            idAccessor="id"
            selectedRecords={selectedRecords}
            // Rows still shown from the previous page, filter or sort are not what the admin is picking from.
            onSelectedRecordsChange={(next) => !members.isPlaceholderData && tick(next)}
            getRecordSelectionCheckboxProps={(m) => ({ 'aria-label': `Select ${displayName(m)}` })}
            allRecordsSelectionCheckboxProps={{ 'aria-label': 'Select every member on this page' }}
            sortStatus={sortStatus}
            onSortStatusChange={(next) =>
              setSortParam(`${next.direction === 'desc' ? '-' : ''}${String(next.columnAccessor)}`)
            }
            emptyState={
              members.isPending ? (
                <span />
              ) : (
                <Stack align="center" gap={6} p="md">
                  <IconUsersGroup size={28} color="var(--mantine-color-dimmed)" aria-hidden />
                  <Text fw={500}>{filtered ? 'No members match these filters' : 'No members yet'}</Text>
                  <Text size="sm" c="dimmed">
                    {filtered
                      ? 'Try another search, or clear the filters.'
                      : refusal
                        ? 'Members of this group are added automatically.'
                        : 'Add people with Assign Users, or upload them in bulk through the API.'}
                  </Text>
                  {filtered ? (
                    <Button
                      size="xs"
                      variant="light"
                      style={{ pointerEvents: 'auto' }}
                      onClick={clearFilters}
                    >
                      Clear filters
                    </Button>
                  ) : (
                    !refusal && (
                      <Button
                        size="xs"
                        variant="light"
                        leftSection={<IconUserPlus size={14} />}
                        style={{ pointerEvents: 'auto' }}
                        onClick={() => setAssigning(true)}
                      >
                        Assign Users
                      </Button>
                    )
                  )}
                </Stack>
              )
            }
            columns={[
              ...personColumns<Member>({ name: 160, email: 160, department: 130 }),
              {
                accessor: 'lastLogin',
                title: 'Last login',
                sortable: true,
                width: 124,
                render: (m) =>
                  m.lastLoginAt ? formatDate(m.lastLoginAt) : <span style={DIMMED}>Never</span>,
              },
              group?.kind === 'phished'
                ? {
                    accessor: 'membership',
                    title: 'Why, and until when',
                    width: 250,
                    render: (m) => <PhishedMembershipCell member={m} />,
                  }
                : {
                    accessor: 'membership',
                    title: 'Added to group',
                    width: 150,
                    render: (m) => <MembershipCell member={m} />,
                  },
            ]}
          />
          <PagerBar
            pageNumber={paging.pageNumber}
            hasPrevious={paging.hasPrevious}
            nextCursor={members.isPlaceholderData ? null : members.data?.nextCursor}
            onPrevious={paging.previous}
            onNext={paging.next}
            label={
              records.length > 0
                ? `Page ${paging.pageNumber} · members ${((paging.pageNumber - 1) * MEMBERS_PAGE_SIZE + 1).toLocaleString()}–${(
                    (paging.pageNumber - 1) * MEMBERS_PAGE_SIZE + records.length
                  ).toLocaleString()}${filtered ? '' : ` of ${(group?.memberCount ?? 0).toLocaleString()}`}`
                : `Page ${paging.pageNumber}`
            }
          />
        </div>
      )}

      {group && <AssignUsersModal opened={assigning} group={group} onClose={() => setAssigning(false)} />}
    </Stack>
  );
}

const SMALL_DIMMED_LINE = {
  ...DIMMED,
  fontSize: 'var(--mantine-font-size-xs)',
  overflow: 'hidden',
  textOverflow: 'ellipsis',
  whiteSpace: 'nowrap',
} as const;

/**
 * A member of the Phished Users group: the failure that put them there (or who added them by hand)
 * and when the automation removes them.
 */
function PhishedMembershipCell({ member }: { member: Member }) {
  const { addedAt, addedBy, expiresAt, reason } = member.membership;
  const failure = phishedReason(reason);
  const why = failure
    ? `${failure.event === 'submitted' ? 'Submitted the form in' : 'Clicked the link in'} “${failure.campaignName}” on ${formatDate(failure.at)}`
    : `Added ${addedBy.type === 'system' ? 'automatically' : `by ${addedBy.label}`} on ${formatDate(addedAt)}`;
  const until = expiresAt ? `Leaves on ${formatDate(expiresAt)}` : 'Stays until removed';
  return (
    <div style={{ minWidth: 0 }}>
      <div style={{ overflowWrap: 'anywhere' }}>{why}</div>
      <div title={until} style={SMALL_DIMMED_LINE}>
        {until}
      </div>
    </div>
  );
}

/** When the member was added and by whom (an admin's email, an API key, or Heed itself); when they leave. */
function MembershipCell({ member }: { member: Member }) {
  const { addedAt, addedBy, expiresAt } = member.membership;
  const by = addedBy.type === 'system' ? 'automatically' : `by ${addedBy.label}`;
  // Plain elements: a page of members draws 50 of these.
  return (
    <div style={{ minWidth: 0 }}>
      <div>{formatDate(addedAt)}</div>
      <div
        title={`Added ${by}`}
        style={{
          ...DIMMED,
          fontSize: 'var(--mantine-font-size-xs)',
          overflow: 'hidden',
          textOverflow: 'ellipsis',
          whiteSpace: 'nowrap',
        }}
      >
        {by}
        {expiresAt ? ` · leaves ${formatDate(expiresAt)}` : ''}
      </div>
    </div>
  );
}
