import { createTheme } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'indigo',
  defaultRadius: 'md',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  headings: { fontWeight: '650' },
  components: {
    // A closed select's options are not kept in the page: mounted, each select lays out its hidden
    // dropdown when the page first renders (a forced style and layout pass per select). A plain object,
    // not Select.extend: importing Select here would put it in the sign-in page's bundle.
    Select: { defaultProps: { comboboxProps: { keepMounted: false } } },
    // A badge is a word or two: beside a long title in a narrow window it keeps its width and the
    // title wraps, instead of the badge being cut to "Phis…". Set here for every badge, not per page.
    Badge: { styles: { root: { flexShrink: 0 } } },
  },
});
