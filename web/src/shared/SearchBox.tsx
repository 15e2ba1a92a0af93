import { CloseButton, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';

/**
 * A search field that answers every keystroke but reports the search (to the URL, to the server) once
 * typing pauses, or at once on Enter. A new `value` from outside (back/forward, a link) is shown, but
 * never undoes what is being typed.
 */
export function SearchBox(props: {
  label: string;
  placeholder: string;
  value: string;
  onSearch: (value: string) => void;
  style?: React.CSSProperties;
  autoFocus?: boolean;
}) {
  const { value, onSearch } = props;
  const [input, setInput] = useState(value);
  const reported = useRef(value);
  const report = useDebouncedCallback((next: string) => {
    reported.current = next.trim();
    onSearch(next.trim());
  }, 300);
  useEffect(() => {
    if (value !== reported.current) {
      reported.current = value;
      setInput(value);
    }
  }, [value]);

  return (
    <TextInput
      aria-label={props.label}
      placeholder={props.placeholder}
      leftSection={<IconSearch size={16} aria-hidden />}
      value={input}
      onChange={(e) => {
        setInput(e.currentTarget.value);
        report(e.currentTarget.value);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          report.flush();
        }
      }}
      rightSection={
        input ? (
          <CloseButton
            size="sm"
            aria-label="Clear search"
            onClick={() => {
              setInput('');
              report('');
              report.flush();
            }}
          />
        ) : null
      }
      style={props.style}
      data-autofocus={props.autoFocus || undefined}
    />
  );
}
