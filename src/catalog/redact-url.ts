/** Store and database URLs fit to print: the catalog's and the events table's alike. */

/** The QuestDB client's options whose values are secrets: hidden here, and in its config's display and errors. */
export const QUESTDB_SECRET_KEYS: readonly string[] = ['password', 'token', 'token_x', 'token_y', 'tls_roots_password'];

/** Every option name whose value is hidden: QuestDB's, and libpq's `sslpassword`. */
const SECRET_NAMES = [...QUESTDB_SECRET_KEYS, 'sslpassword'].join('|');

/**
 * Secret options, as a QuestDB client config (`;password=…;`, `;;` an escaped `;` inside
 * a value, `&` just a character) or a libpq URI's query (`?password=…&sslpassword=…`) names them.
 */
const SECRET_OPTIONS = new RegExp(`(^|;|::)((?:${SECRET_NAMES})=)((?:[^;]|;;)*)`, 'gi');
const SECRET_QUERY = new RegExp(`([?&])((?:${SECRET_NAMES})=)([^&#]*)`, 'gi');

/**
 * The user-info of a `scheme://user:password@host` URL. The password runs to the last `@`
 * before the path: an unescaped `@` or `:` inside it (which libpq takes) leaks nothing.
 */
const USER_INFO_PASSWORD = /(\/\/[^:/@?#]*):[^/?#]*@/;

/**
 * A store or database URL fit to print, log or serve: passwords and tokens become `***`
 * (`questdb:http::addr=h:9000;username=u;password=***;`, `postgresql://u:***@h/db`).
 */
export function redactUrl(url: string): string {
  return url.replace(USER_INFO_PASSWORD, '$1:***@').replace(SECRET_QUERY, '$1$2***').replace(SECRET_OPTIONS, '$1$2***');
}
