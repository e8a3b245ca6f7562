// Phoenix is a client-side app on Firebase Hosting: every page reads live
// Firestore listeners in the browser, so nothing is rendered on a server and
// no page is prerendered. adapter-static emits one fallback shell (200.html)
// that hosting serves for every path.
export const ssr = false;
export const prerender = false;
