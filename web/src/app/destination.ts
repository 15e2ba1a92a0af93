/**
 * Where the console is going: the page being loaded while a navigation is under way, else the page on
 * screen. The router keeps it (router.tsx subscribes); an expired session sends you to sign in and then
 * back here. A page's first query starts while its code loads, before the address changes, so the
 * address on screen can still be the previous page's when that query is refused.
 */
let destination: string | null = null;

export function setDestination(location: { pathname: string; search: string }) {
  destination = `${location.pathname}${location.search}`;
}

export function currentDestination(): string | null {
  return destination;
}
