export type Severity = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR';

/** One JSON line on stdout: the shape Cloud Logging reads as a structured entry. */
export function logLine(severity: Severity, message: string, fields: Record<string, unknown> = {}): void {
  process.stdout.write(`${JSON.stringify({ severity, message, ...fields })}\n`);
}
