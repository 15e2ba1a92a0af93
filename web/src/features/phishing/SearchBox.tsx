import { CloseButton, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { useUrlParam } from '../../shared/paging.ts';

/** A search box kept in the URL (`?search=`): it answers every keystroke, the URL follows when typing pauses. */
export function SearchBox({ label, placeholder }: { label: string; placeholder: string }) {
  const [search, setSearch] = useUrlParam('search');
  const [input, setInput] = useState(search);
  const pushed = useRef(search);
  const push = useDebouncedCallback((value: string) => {
    pushed.current = value.trim();
    setSearch(value.trim());
  }, 300);
  useEffect(() => {
    // Back/forward or a link changed the search: show it (but never undo what is being typed).
    if (search !== pushed.current) {
      pushed.current = search;
      setInput(search);
    }
  }, [search]);
  return (
    <TextInput
      aria-label={label}
      placeholder={placeholder}
      leftSection={<IconSearch size={16} aria-hidden />}
      value={input}
      onChange={(e) => {
        setInput(e.currentTarget.value);
        push(e.currentTarget.value);
      }}
      onKeyDown={(e) => e.key === 'Enter' && push.flush()}
      rightSection={
        input ? (
          <CloseButton
            size="sm"
            aria-label="Clear search"
            onClick={() => {
              setInput('');
              push('');
              push.flush();
            }}
          />
        ) : null
      }
      style={{ flex: 1, minWidth: 220, maxWidth: 420 }}
    />
  );
}
