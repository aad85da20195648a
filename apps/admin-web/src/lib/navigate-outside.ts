/**
 * Navigation for UI that renders outside the router (notifications). The
 * router registers itself here from main.tsx, so a module that needs to move
 * the page imports this file, never the router file (whose lazily loaded pages
 * import those modules: that would be an import cycle). Before registration a
 * link falls back to a full page load.
 */
let navigate: (href: string) => void = (href) => window.location.assign(href);

export function setOutsideNavigation(handler: (href: string) => void): void {
  navigate = handler;
}

/** Moves to `href`, an address inside this app (with its base path). */
export function navigateOutside(href: string): void {
  navigate(href);
}
