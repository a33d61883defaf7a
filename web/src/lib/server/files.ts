import { s3FileStore } from '$shared/adapters/s3-files';
import type { FileStore } from '$shared/kernel/ports';
import { env } from '../../../../infra/wiring';

let files: FileStore | undefined;

/**
 * The S3 port for the document use cases (CRM-10), built on first use and kept for the server's
 * (or the Lambda container's) life, like `serverDeps()`: the web server is the only caller that
 * signs upload forms and download links.
 */
export function serverFiles(): FileStore {
  files ??= s3FileStore(process.env);
  return files;
}

/**
 * Where the browser posts upload forms: the local S3 engine's origin, or the uploads bucket's own
 * virtual-host origin on AWS (the URL shared/adapters/s3-files.ts signs forms for). Pages that show
 * such a form add it to their CSP `form-action` (see ./upload-csp.ts).
 */
export function uploadFormOrigin(vars: NodeJS.ProcessEnv = process.env): string {
  const endpoint = vars[env.endpoint('s3')];
  if (endpoint) return new URL(endpoint).origin;
  const bucket = vars[env.bucketName('uploads')];
  const region = vars.AWS_REGION ?? vars.AWS_DEFAULT_REGION;
  if (!bucket || !region) throw new Error(`Missing ${env.bucketName('uploads')} or AWS_REGION`);
  return `https://${bucket}.s3.${region}.amazonaws.com`;
}
