// The map's first whole picture (MapView dispatches `schoolnet:first-picture` once a page, when the
// map is idle with the project drawn, a large project's residences included). Work the first
// picture does not need waits for it, so that it does not compete with it on two cores.
let seen = false;
const picture = new Promise<void>((ok) => window.addEventListener('schoolnet:first-picture', () => {
  seen = true;
  ok();
}, { once: true }));

/** Resolves at the first picture, or `timeoutMs` after this call at the latest (a map that never idles). */
export function afterFirstPicture(timeoutMs = 5000): Promise<void> {
  if (seen) return Promise.resolve();
  return Promise.race([picture, new Promise<void>((ok) => setTimeout(ok, timeoutMs))]);
}
