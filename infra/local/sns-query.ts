import { localAccountId, localCredentials, localRegion } from './local-aws';

/**
 * The two SNS calls provisioning needs, over SNS's query protocol. `@aws-sdk/client-sns` is not a
 * dependency of the project (only of fauxqs); when it becomes one, these calls should use it.
 * fauxqs reads the region from the credential scope of the Authorization header and checks nothing
 * else, so a well-formed but unsigned header is enough.
 */
export function snsQuery(endpoint: string) {
  async function call(action: string, params: Record<string, string>): Promise<string> {
    const body = new URLSearchParams({ Action: action, Version: '2010-03-31', ...params });
    const day = new Date().toISOString().slice(0, 10).replaceAll('-', '');
    const response = await fetch(`${endpoint}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `AWS4-HMAC-SHA256 Credential=${localCredentials.accessKeyId}/${day}/${localRegion}/sns/aws4_request, SignedHeaders=host, Signature=0`,
      },
      body,
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`SNS ${action} failed (${response.status}): ${text}`);
    return text;
  }
  return {
    /** Any other SNS action, answered as its XML (tests list subscriptions and publish with it). */
    call,
    /** CreateTopic is idempotent for the same name and attributes. */
    async createTopic(name: string): Promise<string> {
      const xml = await call('CreateTopic', { Name: name });
      return (
        /<TopicArn>([^<]+)<\/TopicArn>/.exec(xml)?.[1] ??
        `arn:aws:sns:${localRegion}:${localAccountId}:${name}`
      );
    },
    /** Subscribe is idempotent for the same topic, protocol and endpoint. */
    async subscribeQueue(topicArn: string, queueArn: string): Promise<void> {
      await call('Subscribe', { TopicArn: topicArn, Protocol: 'sqs', Endpoint: queueArn });
    },
  };
}
