/** Store and database URLs fit to print: the catalog's and the events table's alike. */

/**
 * Secret options, as a QuestDB client config (`;password=…;`, `;;` an escaped `;` inside
 * a value, `&` just a character) or a libpq URI's query (`?password=…&sslpassword=…`) names them.
 */
const SECRET_OPTIONS = /(^|;|::)((?:password|token|token_x|token_y|tls_roots_password|sslpassword)=)((?:[^;]|;;)*)/gi;
const SECRET_QUERY = /([?&])((?:password|token|token_x|token_y|tls_roots_password|sslpassword)=)([^&#]*)/gi;

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
