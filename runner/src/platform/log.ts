/** Cloud Logging severities; Cloud Run turns `severity` on a JSON line into the log level. */
export type Severity = 'DEBUG' | 'INFO' | 'NOTICE' | 'WARNING' | 'ERROR';

/** One structured event: a JSON line with `severity`, `message` and any extra fields. */
export interface LogEntry {
  severity: Severity;
  message: string;
  [field: string]: unknown;
}

export type Logger = (entry: LogEntry) => void;

/**
 * One JSON line per entry on stdout: Cloud Run's structured logging, and the
 * local stand-ins in dev/ log the same way.
 */
export const jsonLinesLogger: Logger = (entry) => {
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), ...entry })}\n`);
};

/** Drops everything; for tests that only care about behaviour. */
export const silentLogger: Logger = () => {};
