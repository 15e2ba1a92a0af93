import {
  AppShell,
  Box,
  Burger,
  Button,
  Group,
  Loader,
  NavLink,
  ScrollArea,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import {
  IconApi,
  IconBrowser,
  IconBuilding,
  IconChartPie,
  IconHistory,
  IconLogout,
  IconMail,
  IconMailOpened,
  IconSchool,
  IconSettings,
  IconShieldCheck,
  IconTargetArrow,
  IconUserShield,
  IconUsers,
  IconUsersGroup,
} from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { Link, Outlet, useLocation, useNavigate, useNavigation } from 'react-router';
import { api } from '../shared/api.ts';
import { useMe } from './session.ts';

interface NavItem {
  label: string;
  to: string;
  icon: typeof IconUsers;
}

/** Sections appear here when they exist; Reports comes with its issue. */
const SECTIONS: { title: string; items: NavItem[] }[] = [
  {
    title: 'Users',
    items: [
      { label: 'Users', to: '/users', icon: IconUsers },
      { label: 'Departments', to: '/departments', icon: IconBuilding },
      { label: 'Groups', to: '/groups', icon: IconUsersGroup },
    ],
  },
  {
    title: 'Phishing Simulation',
    items: [
      { label: 'Overview', to: '/phishing', icon: IconChartPie },
      { label: 'Campaigns', to: '/phishing/campaigns', icon: IconTargetArrow },
      { label: 'Templates', to: '/phishing/templates', icon: IconMailOpened },
      { label: 'Landing Pages', to: '/phishing/landing-pages', icon: IconBrowser },
      { label: 'Settings', to: '/phishing/settings', icon: IconSettings },
    ],
  },
  {
    title: 'Training',
    items: [
      { label: 'Courses', to: '/training', icon: IconSchool },
      { label: 'Settings', to: '/training/settings', icon: IconSettings },
    ],
  },
  {
    title: 'Account Settings',
    items: [
      { label: 'API & Integrations', to: '/settings/api', icon: IconApi },
      { label: 'Admins', to: '/settings/admins', icon: IconUserShield },
      { label: 'Email', to: '/settings/email', icon: IconMail },
      { label: 'Audit log', to: '/settings/audit-log', icon: IconHistory },
    ],
  },
];

export function Layout() {
  const me = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  // A page's code loads before the page changes: say so, as the previous page stays until then.
  const loadingPage = useNavigation().state === 'loading';
  const queryClient = useQueryClient();
  // Below 1200 pixels (a small laptop, half a screen) the menu folds away behind a button, so the
  // page's tables get the whole width; choosing a page folds it again.
  const [menuOpened, menu] = useDisclosure(false);
  // The item whose address is the longest start of this one (/training/settings is not Courses).
  const activeItem = SECTIONS.flatMap((section) => section.items)
    .map((item) => item.to)
    .filter((to) => location.pathname === to || location.pathname.startsWith(`${to}/`))
    .sort((a, b) => b.length - a.length)[0];

  async function signOut() {
    await api('/auth/logout', { method: 'POST' }).catch(() => undefined);
    // The session's cached data goes once sign-in is on screen: cleared before, the session check would
    // run again on this page, be refused, and read as an expired session (a toast, and a way back here).
    await Promise.resolve(navigate('/login', { replace: true }));
    queryClient.clear();
  }

  return (
    <AppShell
      navbar={{ width: 250, breakpoint: 'lg', collapsed: { mobile: !menuOpened } }}
      header={{ height: 56 }}
      padding="lg"
    >
      <AppShell.Header px="md">
        <Group h="100%" justify="space-between" wrap="nowrap">
          <Group gap="xs" wrap="nowrap">
            <Burger
              opened={menuOpened}
              onClick={menu.toggle}
              hiddenFrom="lg"
              size="sm"
              aria-label={menuOpened ? 'Close the menu' : 'Open the menu'}
            />
            <IconShieldCheck size={26} color="var(--mantine-color-indigo-6)" aria-hidden />
            <Title order={3} fw={700}>
              Heed
            </Title>
            <Text c="dimmed" size="sm" ml="sm">
              {me.data?.organization.name}
            </Text>
            {loadingPage && <Loader size="xs" ml="sm" aria-label="Loading the page" />}
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Text size="sm" c="dimmed" visibleFrom="sm">
              {me.data?.admin?.email}
            </Text>
            <Button variant="subtle" size="xs" leftSection={<IconLogout size={16} />} onClick={signOut}>
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" aria-label="Main">
        <ScrollArea>
          <Stack gap="md">
            {SECTIONS.map((section) => (
              <Box key={section.title}>
                <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" mb={4}>
                  {section.title}
                </Text>
                {section.items.map((item) => (
                  <NavLink
                    key={item.to}
                    component={Link}
                    to={item.to}
                    label={item.label}
                    leftSection={<item.icon size={18} aria-hidden />}
                    active={item.to === activeItem}
                    onClick={menu.close}
                  />
                ))}
              </Box>
            ))}
          </Stack>
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main>
        <Box maw={1400}>
          <Outlet />
        </Box>
      </AppShell.Main>
    </AppShell>
  );
}
