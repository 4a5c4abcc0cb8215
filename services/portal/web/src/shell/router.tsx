import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';

/* A few screens and History API navigation do not justify a router library in the initial bundle. */

const NAVIGATE_EVENT = 'mcp:navigate';

function subscribe(callback: () => void): () => void {
  window.addEventListener('popstate', callback);
  window.addEventListener(NAVIGATE_EVENT, callback);
  return () => {
    window.removeEventListener('popstate', callback);
    window.removeEventListener(NAVIGATE_EVENT, callback);
  };
}

const snapshot = () => window.location.pathname + window.location.search;

export function useLocation(): { path: string; query: URLSearchParams } {
  const href = useSyncExternalStore(subscribe, snapshot);
  const [path, search = ''] = href.split('?');
  return { path, query: new URLSearchParams(search) };
}

/**
 * The `next=` a sign-in came back with, when it is a path of this portal: `//host` and `/\\host`
 * are other sites to a browser, so they count as none.
 */
export function ownPathOrNull(next: string | null): string | null {
  // The portal's own rule for returnTo (safeReturnPath): a tab or a space after the slash would
  // also be dropped by the URL parser and leave `//host`.
  return next && /^\/(?![/\\])[\x21-\x7e]*$/.test(next) ? next : null;
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === snapshot()) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
}

/** Changes one query parameter in place (filters, year), keeping the rest of the address. */
export function setQueryParam(name: string, value: string | null): void {
  const params = new URLSearchParams(window.location.search);
  if (value === null || value === '') params.delete(name);
  else params.set(name, value);
  const search = params.toString();
  navigate(window.location.pathname + (search ? `?${search}` : ''), { replace: true });
}

export function Link({ href, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(href);
  };
  return <a href={href} onClick={handle} {...rest} />;
}
