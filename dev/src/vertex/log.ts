/** Cloud Logging severities; Cloud Run turns JSON lines with these into structured logs. */
export type Severity = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR';

export interface LogEntry {
  severity: Severity;
  message: string;
  [field: string]: unknown;
}

/** Receives one structured entry per event; inject a no-op to keep tests quiet. */
export type Logger = (entry: LogEntry) => void;

/** Writes each entry as one JSON line on stdout. */
export const jsonLineLogger: Logger = (entry) => {
  process.stdout.write(`${JSON.stringify(entry)}\n`);
};

export const silentLogger: Logger = () => {};
