import { randomBytes } from 'node:crypto';
import type { FileStore } from '../kernel/ports';
import { attachmentBucket } from './attachments';

/**
 * A small valid PDF (one page showing `label`) followed, in an unreferenced stream object, by
 * `binaryBytes` random bytes: every byte value travels, so a test comparing what arrived with what
 * was stored proves the path is binary-safe, not only ASCII-safe.
 */
export function samplePdf(label: string, binaryBytes = 2048): Uint8Array {
  const text = label.replace(/[()\\]/g, '');
  const content = `BT /F1 18 Tf 40 100 Td (${text}) Tj ET`;
  const noise = randomBytes(binaryBytes);
  const parts: Buffer[] = [];
  const offsets: number[] = [];
  let length = 0;
  const push = (chunk: string | Buffer) => {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk;
    parts.push(buffer);
    length += buffer.length;
  };
  const object = (body: string | Buffer[], id: number) => {
    offsets[id] = length;
    if (typeof body === 'string') push(`${id} 0 obj\n${body}\nendobj\n`);
    else {
      push(`${id} 0 obj\n`);
      for (const piece of body) push(piece);
      push('\nendobj\n');
    }
  };
  push('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n');
  object('<< /Type /Catalog /Pages 2 0 R >>', 1);
  object('<< /Type /Pages /Kids [3 0 R] /Count 1 >>', 2);
  object(
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    3,
  );
  object('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>', 4);
  object(`<< /Length ${content.length} >>\nstream\n${content}\nendstream`, 5);
  object(
    [Buffer.from(`<< /Length ${noise.length} >>\nstream\n`, 'latin1'), noise, Buffer.from('\nendstream')],
    6,
  );
  const xref = length;
  push(`xref\n0 7\n0000000000 65535 f \n`);
  for (let id = 1; id <= 6; id++) push(`${String(offsets[id]).padStart(10, '0')} 00000 n \n`);
  push(`trailer\n<< /Size 7 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  return new Uint8Array(Buffer.concat(parts));
}

/** Writes `bytes` where the order-documents consumer writes PDFs: the documents bucket. */
export async function storeAttachment(
  files: Pick<FileStore, 'put'>,
  key: string,
  bytes: Uint8Array,
): Promise<void> {
  await files.put({ bucket: attachmentBucket, key, body: bytes, contentType: 'application/pdf' });
}
