import { Anchor, Center, Stack, Text, Title } from "@mantine/core";
import { Link } from "@tanstack/react-router";

export function NoOrganizations() {
  return (
    <Center mih={300}>
      <Stack align="center" gap="xs">
        <Title order={2}>No organizations yet</Title>
        <Text c="dimmed">Ask an administrator of your company's Atrium organization to invite you.</Text>
      </Stack>
    </Center>
  );
}

export function NotFoundPage() {
  return (
    <Center mih={300}>
      <Stack align="center" gap="xs">
        <Title order={2}>Page not found</Title>
        <Anchor component={Link} to="/">
          Back to your organization
        </Anchor>
      </Stack>
    </Center>
  );
}
