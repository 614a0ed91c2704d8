/**
 * The QuestDB side of `--store questdb:<client config string>`: the string goes to the
 * official client as it is (ILP over HTTP writes), and the same address and
 * credentials serve reads over the REST API (`/exec`).
 */
import { redactUrl, StoreConfigError } from '../store-url.js';
export interface QuestDbConfig {
  /** The client config string, e.g. `http::addr=127.0.0.1:9000;username=admin;password=quest`. */
  clientConfig: string;
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

/** A usage error (exit 2), like any other bad --store. */
export class QuestDbConfigError extends StoreConfigError {}

export function parseQuestDbConfig(clientConfig: string): QuestDbConfig {
  const m = /^(https?|tcps?)::(.*)$/.exec(clientConfig);
  if (!m) throw new QuestDbConfigError(`QuestDB config must start with http:: or https:: (got "${redactUrl(clientConfig)}")`);
  const scheme = m[1]!;
  if (scheme.startsWith('tcp')) {
    // TCP ILP has no acknowledgements: a batch could be lost without an error, and "nothing is lost" is the point.
    throw new QuestDbConfigError('use http:: or https:: — ILP over TCP gives no acknowledgement, so a lost batch would go unnoticed');
  }
  const opts = new Map<string, string>();
  for (const part of m[2]!.split(';')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    if (eq < 0) throw new QuestDbConfigError(`QuestDB config: "${part}" is not key=value`);
    opts.set(part.slice(0, eq), part.slice(eq + 1));
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
    httpBase: `${scheme}://${host}`,
    authorization,
    tlsVerify: opts.get('tls_verify') !== 'unsafe_off',
    tlsCa: opts.get('tls_ca') ?? null,
    display: clientConfig.replace(/((?:password|token)=)[^;]*/g, '$1***'),
  };
}
