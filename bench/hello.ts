/** The hello-world handler every cold import is compared with. */
export const handler = async () => ({ statusCode: 200, body: 'hello' });
