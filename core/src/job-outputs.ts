import type { JobOutput } from './documents.ts';

/** A stored output: the job output plus the post field the job's `outputs` does not keep. */
export interface StoredImageOutput extends JobOutput {
  /** `#rrggbb`, painted before even the placeholder decodes. */
  dominantColor: string;
}

/**
 * What one requested output became. Recorded on the job the moment it is
 * final (uploaded, or removed by the safety filter), together with the
 * attempt that made it: its media keys are unique to that attempt, so a
 * superseded delivery can never overwrite media a job was settled with.
 */
export type OutputRecord =
  | { kind: 'image'; attempt: number; output: StoredImageOutput }
  | { kind: 'filtered'; attempt: number; reason: string };

/** Keyed by the output's index (0 … count − 1), as a string: a Firestore map. */
export type OutputRecords = Readonly<Record<string, OutputRecord>>;

/** The indexes a delivery still has to make, in order. */
export function missingOutputIndexes(count: number, records: OutputRecords): number[] {
  return Array.from({ length: count }, (_, index) => index).filter((index) => !records[index]);
}

/** The stored images, in output order. */
export function storedImages(records: OutputRecords): StoredImageOutput[] {
  return Object.entries(records)
    .sort(([a], [b]) => Number(a) - Number(b))
    .flatMap(([, record]) => (record.kind === 'image' ? [record.output] : []));
}

/** Outputs the safety filter removed. */
export function filteredOutputCount(records: OutputRecords): number {
  return Object.values(records).filter((record) => record.kind === 'filtered').length;
}
