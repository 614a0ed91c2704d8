/**
 * The QuestDB side of `--store questdb:<client config string>`: the string goes to the
 * official client as it is (ILP over HTTP writes), and the same address and
 * credentials serve reads over the REST API (`/exec`).
 */
import { QUESTDB_SECRET_KEYS, redactUrl, StoreConfigError } from '../store-url.js';
export interface QuestDbConfig {
  /** The client config string, e.g. `http::addr=127.0.0.1:9000;username=admin;password=quest`. */
  clientConfig: string;
  /** Its settings as the client reads them (`;;` inside a value unescaped to `;`); the last of a repeated key wins. */
  settings: ReadonlyMap<string, string>;
  /** Whether the string ends with a `;` that ends a setting (not half of an escaped `;;`). */
  terminated: boolean;
  /** Base URL of the REST API. */
  httpBase: string;
  /** `Authorization` header for REST, when credentials are given. */
  authorization: string | null;
  /** TLS verification for REST (`tls_verify=unsafe_off` turns it off, as in the client). */
  tlsVerify: boolean;
  /** A CA file for REST over https (`tls_ca=PATH`, as in the client). */
  tlsCa: string | null;
  /** The config string with secrets hidden, for logs and reports. */
  display: string;
}

/** QuestDB's HTTP port when `addr` names none. */
export const QUESTDB_DEFAULT_HTTP_PORT = 9000;

/** The keys @questdb/nodejs-client 4.2 accepts (it refuses any other). */
const KNOWN_KEYS = new Set([
  'protocol_version',
  'addr',
  'username',
  'password',
  'token',
  'token_x',
  'token_y',
  'auto_flush',
  'auto_flush_rows',
  'auto_flush_interval',
  'request_min_throughput',
  'request_timeout',
  'retry_timeout',
  'init_buf_size',
  'max_buf_size',
  'max_name_len',
  'stdlib_http',
  'tls_verify',
  'tls_ca',
  'tls_roots',
  'tls_roots_password',
]);

/** Keys whose values no message, log or display may show. */
export const SECRET_KEYS: ReadonlySet<string> = new Set(QUESTDB_SECRET_KEYS);

/** Shown instead of a secret value. */
const HIDDEN = '***';
/** How to write a `;` inside a value: the hint for settings an unescaped one splits. */
const ESCAPE_HINT = 'write a ";" inside a value as ";;"';

/** A usage error (exit 2), like any other bad --store. */
export class QuestDbConfigError extends StoreConfigError {}

/**
 * The settings as the client cuts them (its parseSettings): a `;` ends one unless the next
 * character is `;` too, and that pair is skipped whole. `terminated`: the last one ended with `;`.
 */
function splitSettings(text: string): { parts: string[]; terminated: boolean } {
  const parts: string[] = [];
  let position = 0;
  let index = text.indexOf(';');
  while (index > -1) {
    if (text[index + 1] === ';') {
      index = text.indexOf(';', index + 2);
      continue;
    }
    parts.push(text.slice(position, index));
    position = index + 1;
    index = text.indexOf(';', position);
  }
  if (position < text.length) parts.push(text.slice(position));
  return { parts, terminated: parts.length > 0 && position === text.length };
}

/** The client's rule (validateConfigValue): C0 and C1 control characters and DEL. */
function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || (c > 0x7e && c < 0xa0)) return true;
  }
  return false;
}

export function parseQuestDbConfig(clientConfig: string): QuestDbConfig {
  const m = /^(https?|tcps?)::(.*)$/s.exec(clientConfig);
  if (!m) throw new QuestDbConfigError(`QuestDB config must start with http:: or https:: (got "${redactUrl(clientConfig)}")`);
  const scheme = m[1]!;
  if (scheme.startsWith('tcp')) {
    // TCP ILP has no acknowledgements: a batch could be lost without an error, and "nothing is lost" is the point.
    throw new QuestDbConfigError('use http:: or https:: — ILP over TCP gives no acknowledgement, so a lost batch would go unnoticed');
  }
  const { parts, terminated } = splitSettings(m[2]!);
  const opts = new Map<string, string>();
  const shown: string[] = [];
  let previous: string | null = null;
  for (const raw of parts) {
    // Malformed text is never quoted: after a secret it is most likely the rest of that secret, cut at an unescaped ";".
    const where = previous === null ? 'the first setting' : `the setting after ${previous}=`;
    const setting = raw.replaceAll(';;', ';');
    const eq = setting.indexOf('=');
    if (eq < 0) throw new QuestDbConfigError(`QuestDB config: ${where} is not key=value (${ESCAPE_HINT})`);
    const key = setting.slice(0, eq);
    const value = setting.slice(eq + 1);
    if (!KNOWN_KEYS.has(key)) {
      const named = previous !== null && SECRET_KEYS.has(previous) ? where : `"${key}"`;
      throw new QuestDbConfigError(`QuestDB config: ${named} is not a key the client knows (${ESCAPE_HINT})`);
    }
    if (!value) throw new QuestDbConfigError(`QuestDB config: ${key}= has no value`);
    // The client refuses these too, quoting the value: checked here, where the message names only the key.
    if (hasControlCharacter(value)) throw new QuestDbConfigError(`QuestDB config: the value of ${key}= holds a control character`);
    opts.set(key, value);
    shown.push(SECRET_KEYS.has(key) ? `${key}=${HIDDEN}` : raw);
    previous = key;
  }
  const addr = opts.get('addr');
  if (!addr) throw new QuestDbConfigError('QuestDB config needs addr=HOST[:PORT], e.g. http::addr=127.0.0.1:9000');
  const host = addr.includes(':') ? addr : `${addr}:${QUESTDB_DEFAULT_HTTP_PORT}`;
  const user = opts.get('username');
  const pass = opts.get('password');
  const token = opts.get('token');
  const authorization = token
    ? `Bearer ${token}`
    : user !== undefined
      ? `Basic ${Buffer.from(`${user}:${pass ?? ''}`).toString('base64')}`
      : null;
  return {
    clientConfig,
    settings: opts,
    terminated,
    httpBase: `${scheme}://${host}`,
    authorization,
    tlsVerify: opts.get('tls_verify') !== 'unsafe_off',
    tlsCa: opts.get('tls_ca') ?? null,
    display: `${scheme}::${shown.join(';')}${terminated ? ';' : ''}`,
  };
}

/**
 * The client config with `extra` settings the user did not give appended. A value ending in
 * an escaped `;;` ends the string with `;` too: only `terminated` tells whether one more is needed.
 */
export function withSettings(cfg: QuestDbConfig, extra: Record<string, string | number | boolean>): string {
  let out = cfg.terminated ? cfg.clientConfig : `${cfg.clientConfig};`;
  for (const [k, v] of Object.entries(extra)) {
    if (cfg.settings.has(k)) continue;
    out += `${k}=${String(v === false ? 'off' : v === true ? 'on' : v).replaceAll(';', ';;')};`;
  }
  return out;
}
