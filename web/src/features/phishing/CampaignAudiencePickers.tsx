/**
 * The wizard's recipient pickers. Groups and people are searched by the API as the admin types (an
 * organization may have 100,000 people): the browser holds one page of matches and the labels of what
 * was picked, never the whole list. Departments are one short list per organization, loaded whole.
 */
import { Loader, MultiSelect, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQueries, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { Group, User } from '../../shared/types.ts';
import { departmentListQuery } from '../departments/departmentsApi.ts';
import { groupQuery } from '../groups/groupsApi.ts';
import { userQuery } from '../users/usersApi.ts';
import { groupSearchQuery, PICKER_LIMIT, userSearchQuery } from './campaignsApi.ts';

interface Option {
  value: string;
  label: string;
  detail?: string;
}

/** The labels of picked ids that are not among the matches on screen are asked one by one, at most this many. */
const LABEL_LOOKUPS = 100;

const groupOption = (g: Group): Option => ({
  value: g.id,
  label: g.name,
  detail: `${g.memberCount.toLocaleString()} ${g.memberCount === 1 ? 'member' : 'members'}`,
});
const userOption = (u: User): Option => ({
  value: u.id,
  label: `${u.firstName} ${u.lastName}`.trim() || u.email,
  detail: u.department ? `${u.email} · ${u.department.name}` : u.email,
});

function SearchedMultiSelect({
  label,
  description,
  placeholder,
  value,
  onChange,
  error,
  matches,
  lookups,
  searchValue,
  onSearchChange,
  fetching,
  loadError,
  nothingFound,
}: {
  label: string;
  description?: string;
  placeholder: string;
  value: string[];
  onChange: (ids: string[]) => void;
  error?: string;
  matches: Option[];
  lookups: Map<string, Option>;
  searchValue: string;
  onSearchChange: (value: string) => void;
  fetching: boolean;
  loadError: boolean;
  nothingFound: string;
}) {
  // What was picked this visit keeps its label when it leaves the matches (another search).
  const [picked, setPicked] = useState<Map<string, Option>>(new Map());
  const matchIds = new Set(matches.map((o) => o.value));
  const chosen = value
    .filter((id) => !matchIds.has(id))
    .map((id) => picked.get(id) ?? lookups.get(id) ?? { value: id, label: 'Loading…' });
  const options = [...chosen, ...matches];
  const details = new Map(options.map((o) => [o.value, o.detail]));

  return (
    <MultiSelect
      label={label}
      description={description}
      placeholder={value.length === 0 ? placeholder : undefined}
      data={options.map((o) => ({ value: o.value, label: o.label }))}
      value={value}
      onChange={(ids) => {
        const next = new Map(picked);
        for (const o of matches) if (ids.includes(o.value)) next.set(o.value, o);
        setPicked(next);
        onChange(ids);
      }}
      searchable
      searchValue={searchValue}
      onSearchChange={onSearchChange}
      // The API has already searched: every match it sent is shown.
      filter={({ options: all }) => all}
      clearable
      maxDropdownHeight={280}
      nothingFoundMessage={fetching ? 'Searching…' : nothingFound}
      rightSection={fetching ? <Loader size="xs" /> : undefined}
      error={loadError ? `The ${label.toLowerCase()} could not be loaded.` : error}
      renderOption={({ option }) => (
        <Stack gap={0}>
          <Text size="sm">{option.label}</Text>
          {details.get(option.value) && (
            <Text size="xs" c="dimmed">
              {details.get(option.value)}
            </Text>
          )}
        </Stack>
      )}
      comboboxProps={{ withinPortal: true }}
    />
  );
}

export function GroupPicker(props: { value: string[]; onChange: (ids: string[]) => void; error?: string }) {
  const [searchValue, setSearchValue] = useState('');
  const [search] = useDebouncedValue(searchValue.trim(), 250);
  const results = useQuery({ ...groupSearchQuery(search), placeholderData: keepPreviousData });
  const matches = (results.data ?? []).slice(0, 50).map(groupOption);
  const missing = props.value.filter((id) => !matches.some((o) => o.value === id)).slice(0, LABEL_LOOKUPS);
  const lookups = useQueries({ queries: missing.map((id) => ({ ...groupQuery(id), staleTime: 60_000 })) });
  return (
    <SearchedMultiSelect
      label="Groups"
      description="Everyone in these groups when the campaign is launched."
      placeholder="Search groups"
      {...props}
      matches={matches}
      lookups={new Map(lookups.flatMap((q) => (q.data ? [[q.data.id, groupOption(q.data)]] : [])))}
      searchValue={searchValue}
      onSearchChange={setSearchValue}
      fetching={results.isFetching}
      loadError={Boolean(results.error)}
      nothingFound="No group matches"
    />
  );
}

export function UserPicker(props: { value: string[]; onChange: (ids: string[]) => void; error?: string }) {
  const [searchValue, setSearchValue] = useState('');
  const [search] = useDebouncedValue(searchValue.trim(), 250);
  const results = useQuery({ ...userSearchQuery(search), placeholderData: keepPreviousData });
  const matches = (results.data ?? []).map(userOption);
  const missing = props.value.filter((id) => !matches.some((o) => o.value === id)).slice(0, LABEL_LOOKUPS);
  const lookups = useQueries({ queries: missing.map((id) => ({ ...userQuery(id), staleTime: 60_000 })) });
  return (
    <SearchedMultiSelect
      label="Individual people"
      description={`Active people only. Type a name or an email; the first ${PICKER_LIMIT} matches are shown.`}
      placeholder="Search people by name or email"
      {...props}
      matches={matches}
      lookups={new Map(lookups.flatMap((q) => (q.data ? [[q.data.id, userOption(q.data)]] : [])))}
      searchValue={searchValue}
      onSearchChange={setSearchValue}
      fetching={results.isFetching}
      loadError={Boolean(results.error)}
      nothingFound="Nobody matches"
    />
  );
}

export function DepartmentPicker(props: {
  value: string[];
  onChange: (ids: string[]) => void;
  error?: string;
}) {
  const departments = useQuery(departmentListQuery);
  return (
    <MultiSelect
      label="Departments"
      description="Everyone in these departments when the campaign is launched."
      placeholder={props.value.length === 0 ? 'Search departments' : undefined}
      data={(departments.data ?? []).map((d) => ({
        value: d.id,
        label: `${d.name} (${d.memberCount.toLocaleString()})`,
      }))}
      value={props.value}
      onChange={props.onChange}
      searchable
      clearable
      maxDropdownHeight={280}
      nothingFoundMessage="No department matches"
      rightSection={departments.isPending ? <Loader size="xs" /> : undefined}
      error={departments.error ? 'The departments could not be loaded.' : props.error}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
