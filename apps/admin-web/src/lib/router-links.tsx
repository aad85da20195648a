import { Anchor, Button, NavLink, type AnchorProps, type ButtonProps, type NavLinkProps } from "@mantine/core";
import { createLink } from "@tanstack/react-router";
import type { ComponentPropsWithRef } from "react";

/** Mantine components as typed router links (route paths, params and search checked). */
function NavLinkAnchor(props: NavLinkProps & Omit<ComponentPropsWithRef<"a">, keyof NavLinkProps>) {
  return <NavLink component="a" {...props} />;
}

function ButtonAnchor(props: ButtonProps & Omit<ComponentPropsWithRef<"a">, keyof ButtonProps>) {
  return <Button component="a" {...props} />;
}

function TextAnchor(props: AnchorProps & Omit<ComponentPropsWithRef<"a">, keyof AnchorProps>) {
  return <Anchor component="a" {...props} />;
}

export const RouterNavLink = createLink(NavLinkAnchor);
export const RouterButton = createLink(ButtonAnchor);
export const RouterAnchor = createLink(TextAnchor);
