/**
 * Bearer tokens for `serve --auth-token-file`: each has a name (what logs show) and
 * scopes. Presented tokens are hashed and compared with every known hash in constant
 * time, so neither timing nor an early exit tells how close a guess was.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

export enum Scope {
  /** GraphQL queries. */
  Read = 'read',
  /** Prometheus scrapes of /metrics. */
  Metrics = 'metrics',
}

/** Shorter tokens are guessable; `openssl rand -hex 32` gives 64 characters. */
export const MIN_TOKEN_CHARS = 16;
const REALM = 'Bearer realm="zbs-timeline"';

export class AuthConfigError extends Error {}

export interface Token {
  name: string;
  digest: Buffer;
  scopes: ReadonlySet<Scope>;
}

export type AuthResult =
  | { ok: true; name: string; scopes: ReadonlySet<Scope> }
  | { ok: false; status: 401 | 403; code: 'UNAUTHENTICATED' | 'FORBIDDEN'; message: string; challenge: string; name?: string };

const sha256 = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

export function loadTokenFile(file: string): Token[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new AuthConfigError(`cannot read the token file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return parseTokens(text, file);
}

/** YAML or JSON: `tokens: [{name, token | sha256, scopes}]`, or the list alone. */
export function parseTokens(text: string, file: string): Token[] {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch {
    // The parser's message quotes the offending line, which may hold a token.
    throw new AuthConfigError(`${file} is not YAML or JSON`);
  }
  const list = Array.isArray(doc) ? doc : (doc as { tokens?: unknown } | null)?.tokens;
  if (!Array.isArray(list) || list.length === 0)
    throw new AuthConfigError(`${file} lists no tokens: expected "tokens: [{name, token or sha256, scopes}]"`);
  const names = new Set<string>();
  return list.map((entry: unknown, i) => {
    const t = parseToken(entry, `${file}, token ${i + 1}`);
    if (names.has(t.name)) throw new AuthConfigError(`${file}: the name "${t.name}" is used twice`);
    names.add(t.name);
    return t;
  });
}

function parseToken(entry: unknown, where: string): Token {
  const e = (entry ?? {}) as { name?: unknown; token?: unknown; sha256?: unknown; scopes?: unknown };
  if (typeof e.name !== 'string' || !/^[\w.@-]{1,64}$/.test(e.name))
    throw new AuthConfigError(`${where}: "name" must be 1-64 letters, digits, "_", ".", "@" or "-"`);
  const where2 = `${where} ("${e.name}")`;
  if ((e.token === undefined) === (e.sha256 === undefined)) throw new AuthConfigError(`${where2}: give exactly one of "token" or "sha256"`);
  let digest: Buffer;
  if (e.token !== undefined) {
    if (typeof e.token !== 'string' || e.token.length < MIN_TOKEN_CHARS)
      throw new AuthConfigError(`${where2}: "token" must be a string of at least ${MIN_TOKEN_CHARS} characters`);
    // check() reads the header's token as \S+: a token holding whitespace would load, then never match.
    if (/\s/.test(e.token)) throw new AuthConfigError(`${where2}: "token" holds whitespace (${whitespaceHint(e.token)})`);
    digest = sha256(e.token);
  } else {
    if (typeof e.sha256 !== 'string' || !/^[0-9a-f]{64}$/i.test(e.sha256))
      throw new AuthConfigError(`${where2}: "sha256" must be 64 hex digits (echo -n TOKEN | sha256sum)`);
    digest = Buffer.from(e.sha256, 'hex');
  }
  const scopes = e.scopes ?? [Scope.Read];
  if (!Array.isArray(scopes) || !scopes.length || !scopes.every((s) => Object.values<unknown>(Scope).includes(s))) {
    throw new AuthConfigError(`${where2}: "scopes" must be a list of ${Object.values(Scope).join(', ')}`);
  }
  return { name: e.name, digest, scopes: new Set(scopes as Scope[]) };
}

/** Where a token's whitespace likely came from, without quoting the token. */
function whitespaceHint(token: string): string {
  if (/\n$/.test(token)) return 'a YAML block scalar adds a newline: write token: VALUE';
  if (/^\s|\s$/.test(token)) return 'at its start or end: remove it, quotes keep it';
  return 'a bearer token is one word: the Authorization header cannot carry it';
}

export class BearerAuth {
  constructor(private readonly tokens: readonly Token[]) {}

  /** Who presents `authorization`, and whether they may use `scope`. */
  check(authorization: string | undefined, scope: Scope): AuthResult {
    const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization ?? '');
    if (!m)
      return {
        ok: false,
        status: 401,
        code: 'UNAUTHENTICATED',
        message: 'a bearer token is required (Authorization: Bearer TOKEN)',
        challenge: REALM,
      };
    const digest = sha256(m[1]!);
    let found: Token | undefined;
    for (const t of this.tokens) if (timingSafeEqual(digest, t.digest) && !found) found = t; // no early exit
    if (!found)
      return {
        ok: false,
        status: 401,
        code: 'UNAUTHENTICATED',
        message: 'the bearer token is not valid',
        challenge: `${REALM}, error="invalid_token"`,
      };
    if (!found.scopes.has(scope)) {
      return {
        ok: false,
        status: 403,
        code: 'FORBIDDEN',
        message: `the token "${found.name}" lacks the scope "${scope}"`,
        challenge: `${REALM}, error="insufficient_scope", scope="${scope}"`,
        name: found.name,
      };
    }
    return { ok: true, name: found.name, scopes: found.scopes };
  }
}
