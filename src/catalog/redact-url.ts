/** Store and database URLs fit to print: the catalog's and the events table's alike. */

/** Keys of a QuestDB client config whose values are secrets (client option names). */
const SECRET_KEYS = /(^|;|::)((?:password|token|token_x|token_y|tls_roots_password)=)([^;]*)/gi;

/**
 * A store or database URL fit to print, log or serve: passwords and tokens become `***`
 * (`questdb:http::addr=h:9000;username=u;password=***;`, `postgresql://u:***@h/db`).
 */
export function redactUrl(url: string): string {
  return url.replace(SECRET_KEYS, '$1$2***').replace(/\/\/([^:/@]+):[^@/]*@/, '//$1:***@');
}
