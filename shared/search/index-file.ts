import type { FileBucket } from '../kernel/ports';

/**
 * Where the public search file lives (decision 0011 §2, data-model §3.3): the `images` bucket, the
 * one for derived files that can be made again from the table (not versioned, unlike `documents`,
 * whose year of old versions an hourly rewrite would fill), which the web server already reads.
 */
export const searchIndexBucket: FileBucket = 'images';
export const searchIndexKey = 'search/index.json';

/** What a conditional read of the file answers. */
export type IndexFileRead =
  | { status: 'absent' }
  | { status: 'notModified' }
  | { status: 'found'; body: string; etag: string };

/**
 * The search file in S3: written whole by the job, read (conditionally) by the web server. Over S3:
 * shared/adapters/s3-index-file.ts.
 */
export interface IndexFileStore {
  /** One GET; with `ifNoneMatch`, S3 answers 304 (`notModified`, no body) when the ETag is the same. */
  read(request: { key: string; ifNoneMatch?: string }): Promise<IndexFileRead>;
  write(request: { key: string; body: string }): Promise<{ etag: string }>;
}
