/**
 * The one list of where secrets travel: request and response headers that carry keys, session tokens or cookies,
 * and the body or log fields that hold them. The log redaction paths and the access log's header scrubbing are
 * both built from these lists.
 */
export const SECRET_HEADERS: readonly string[] = ['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key', 'x-goog-api-key', 'api-key'];

/** Object fields whose values are secrets wherever they appear in a logged object (up to a few levels deep). */
export const SECRET_FIELDS: readonly string[] = ['api_key', 'apiKey', 'password', 'token', 'key'];

/** Query parameters that carry keys (`?key=` is how Google's APIs take one). */
export const SECRET_QUERY_PARAMS: readonly string[] = ['key', 'api_key', 'apikey', 'token', 'access_token'];
