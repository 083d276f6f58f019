// Keep the web-form pages usable offline: engine files cache-first, pages and forms
// network-first with the cached copy when there is no network. Submissions are never cached.
const CACHE = "masar-web-forms-v1";

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/static/")) {
    event.respondWith(
      caches.match(request).then(
        (hit) => hit || fetch(request).then((response) => keep(request, response)),
      ),
    );
  } else if (url.pathname.startsWith("/collect/web/") || url.pathname.includes("/lists/")) {
    event.respondWith(
      fetch(request)
        .then((response) => keep(request, response))
        .catch(() => caches.match(request)),
    );
  }
});

function keep(request, response) {
  if (response.ok) {
    const copy = response.clone();
    caches.open(CACHE).then((cache) => cache.put(request, copy));
  }
  return response;
}
