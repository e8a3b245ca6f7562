/**
 * Locally no email is ever sent: the Auth emulator keeps each out-of-band code
 * and serves it at `/emulator/v1/projects/{projectId}/oobCodes`. `npm start`
 * prints each new email verification link once, so a developer who signs up
 * with a password can follow it and get the starting grant.
 */

/** One entry of the Auth emulator's oobCodes list. */
export interface OobCode {
  email?: string;
  oobCode?: string;
  oobLink?: string;
  requestType?: string;
}

export interface VerificationLink {
  email: string;
  link: string;
}

/**
 * The VERIFY_EMAIL links among `codes` not in `seen`, in list order; adds them
 * to `seen` so the next call skips them. Codes of other kinds (password reset,
 * sign-in links) and entries without a link are left out.
 */
export function takeNewVerificationLinks(seen: Set<string>, codes: readonly OobCode[]): VerificationLink[] {
  const fresh: VerificationLink[] = [];
  for (const code of codes) {
    if (code.requestType !== 'VERIFY_EMAIL' || !code.oobLink) continue;
    const key = code.oobCode || code.oobLink;
    if (seen.has(key)) continue;
    seen.add(key);
    fresh.push({ email: code.email ?? '(no email)', link: code.oobLink });
  }
  return fresh;
}

export interface VerificationLinkPrinterOptions {
  /** The Auth emulator, e.g. `http://127.0.0.1:9099`. */
  authOrigin: string;
  projectId: string;
  /** Receives `verify <email>: <link>` once per new link. */
  print: (line: string) => void;
  /** Time between two polls, in ms. @default 2000 */
  intervalMs?: number;
}

/** Polls the Auth emulator's oobCodes until `stop()`; a failed poll (emulator restarting) is tried again later. */
export function startVerificationLinkPrinter(options: VerificationLinkPrinterOptions): { stop(): void } {
  const seen = new Set<string>();
  const url = `${options.authOrigin}/emulator/v1/projects/${encodeURIComponent(options.projectId)}/oobCodes`;
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const poll = async (): Promise<void> => {
    try {
      const response = await fetch(url, {
        signal: AbortSignal.any([abort.signal, AbortSignal.timeout(5000)]),
      });
      if (response.ok) {
        const body = (await response.json()) as { oobCodes?: unknown };
        const codes = Array.isArray(body.oobCodes) ? (body.oobCodes as OobCode[]) : [];
        for (const { email, link } of takeNewVerificationLinks(seen, codes))
          options.print(`verify ${email}: ${link}`);
      } else {
        await response.body?.cancel();
      }
    } catch {
      // Nothing to print this time; the next poll tries again.
    }
    if (stopped) return;
    timer = setTimeout(() => void poll(), options.intervalMs ?? 2000);
    // Never what keeps the launcher alive.
    timer.unref();
  };
  void poll();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
      abort.abort();
    },
  };
}
