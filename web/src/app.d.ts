// Types for the app-wide `App` namespace; see the SvelteKit docs on app.d.ts.
declare global {
  namespace App {
    // interface Error {}
    // interface Locals {}
    // interface PageData {}
    // interface PageState {}
    // interface Platform {}
  }
}

export {};
