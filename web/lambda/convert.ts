import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/**
 * A Lambda Function URL event (payload format 2.0) as the Web `Request` SvelteKit expects.
 * Behind CloudFront the Host header names the function URL, so the public host comes from
 * `x-forwarded-host` (set by the distribution); SvelteKit's CSRF check compares it with Origin.
 */
export function toRequest(event: APIGatewayProxyEventV2): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(event.headers)) {
    if (value !== undefined) headers.set(name, value);
  }
  // Payload 2.0 moves cookies out of the headers into an array.
  if (event.cookies?.length) headers.set('cookie', event.cookies.join('; '));

  const host = headers.get('x-forwarded-host') ?? headers.get('host') ?? event.requestContext.domainName;
  const protocol = headers.get('x-forwarded-proto') ?? 'https';
  const query = event.rawQueryString ? `?${event.rawQueryString}` : '';
  const url = new URL(`${event.rawPath}${query}`, `${protocol}://${host}`);

  const method = event.requestContext.http.method;
  const canHaveBody = method !== 'GET' && method !== 'HEAD';
  const body =
    canHaveBody && event.body !== undefined ? decode(event.body, event.isBase64Encoded) : undefined;
  return new Request(url, { method, headers, body });
}

function decode(body: string, isBase64Encoded: boolean): Uint8Array<ArrayBuffer> | string {
  return isBase64Encoded ? new Uint8Array(Buffer.from(body, 'base64')) : body;
}

const textual =
  /^(text\/|application\/(json|javascript|xml|x-www-form-urlencoded)|image\/svg\+xml)|\+(json|xml)\b/i;

/**
 * The Response back as a Function URL result: every `set-cookie` goes to `cookies` (one header
 * cannot carry several), and bodies that are not text travel base64-encoded.
 */
export async function toResult(response: Response): Promise<APIGatewayProxyStructuredResultV2> {
  const headers: Record<string, string> = {};
  for (const [name, value] of response.headers) {
    if (name !== 'set-cookie') headers[name] = value;
  }
  const cookies = response.headers.getSetCookie();
  const contentType = response.headers.get('content-type') ?? '';
  const isText = textual.test(contentType) && !response.headers.has('content-encoding');
  const bytes = Buffer.from(await response.arrayBuffer());
  return {
    statusCode: response.status,
    headers,
    ...(cookies.length ? { cookies } : {}),
    body: isText ? bytes.toString('utf8') : bytes.toString('base64'),
    isBase64Encoded: !isText,
  };
}
