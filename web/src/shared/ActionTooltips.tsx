import { Tooltip } from '@mantine/core';
import { type ReactNode, useEffect, useRef, useState } from 'react';

/**
 * One tooltip for every element inside that has a `data-tooltip` label (the icon buttons of a table's
 * rows). A tooltip per button would mount two positioning engines per row, 100 on a page of 50 users,
 * and a large share of the time the first page takes to draw. It shows on hover and on keyboard focus;
 * Escape, a click or leaving hides it. The wrapper only listens (delegation): it is not a control.
 */
export function ActionTooltips({ children }: { children: ReactNode }) {
  const [target, setTarget] = useState<HTMLElement | null>(null);
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const node = root.current;
    if (!node) return;
    const labelled = (event: Event) =>
      event.target instanceof Element ? event.target.closest<HTMLElement>('[data-tooltip]') : null;
    const show = (event: Event) => setTarget(labelled(event));
    const hide = () => setTarget(null);
    const hideOnEscape = (event: KeyboardEvent) => event.key === 'Escape' && hide();
    node.addEventListener('mouseover', show);
    node.addEventListener('focusin', show);
    node.addEventListener('mouseleave', hide);
    node.addEventListener('focusout', hide);
    node.addEventListener('click', hide);
    node.addEventListener('keydown', hideOnEscape);
    return () => {
      node.removeEventListener('mouseover', show);
      node.removeEventListener('focusin', show);
      node.removeEventListener('mouseleave', hide);
      node.removeEventListener('focusout', hide);
      node.removeEventListener('click', hide);
      node.removeEventListener('keydown', hideOnEscape);
    };
  }, []);

  return (
    <div ref={root}>
      {children}
      <Tooltip
        // With nothing hovered it stays mounted on the wrapper, closed, so that it can fade out.
        target={target ?? root}
        label={target?.dataset.tooltip ?? ''}
        opened={target?.isConnected ?? false}
        withArrow
      />
    </div>
  );
}
