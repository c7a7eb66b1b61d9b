/**
 * A loopback HTTP server that plays the parts of the GitHub REST API the action uses, records
 * every request, and can answer chosen requests with failures (403, 500, 429). It listens on
 * 127.0.0.1 on an ephemeral port and closes itself after `lifetimeMs` at the latest.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: unknown;
  status: number;
  at: number;
}

export interface Failure {
  method: string;
  /** Matches when the request path ends with this. */
  pathEndsWith: string;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** How many matching requests fail (default 1); -1 = all of them. */
  times?: number;
}

export interface FakeGitHubOptions {
  owner?: string;
  repo?: string;
  /** `pulls/{n}/files` entries; `patch` holds the file's diff hunks, as GitHub gives them. */
  pullFiles?: { filename: string; status: string; previous_filename?: string; patch?: string }[];
  /** Review comments already on the pull request (from an earlier run, or people). */
  reviewComments?: FakeReviewComment[];
  /** Files at the base commit, for the contents API. */
  baseContents?: Record<string, string>;
  comments?: { id: number; body: string; user: { login: string; type: string; id?: number } }[];
  /** Whom the token acts as, for GraphQL `viewer`; `GET /user` is refused, as for an installation token. */
  viewer?: { login: string; databaseId: number };
  failures?: Failure[];
  lifetimeMs?: number;
}

/** A review comment as `GET /pulls/{n}/comments` returns it (the fields the action reads). */
export interface FakeReviewComment {
  id: number;
  body: string;
  path: string;
  line: number | null;
  start_line?: number | null;
  side?: string;
  in_reply_to_id?: number;
  pull_request_review_id?: number;
  user: { login: string; type: string; id?: number };
}

/**
 * The right-side lines a review comment may target: every line inside a hunk of the file's patch
 * (GitHub answers 422 otherwise), as [start, end] per hunk.
 */
function hunkRanges(patch: string | undefined): [number, number][] {
  const out: [number, number][] = [];
  for (const l of (patch ?? '').split('\n')) {
    const m = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(l);
    if (m) out.push([Number(m[1]), Number(m[1]) + (m[2] === undefined ? 1 : Number(m[2])) - 1]);
  }
  return out;
}

export interface FakeGitHub {
  url: string;
  requests: RecordedRequest[];
  reviewComments: FakeReviewComment[];
  comments: { id: number; body: string; user: { login: string; type: string; id?: number } }[];
  close(): Promise<void>;
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body ?? {});
  res.writeHead(status, {
    'content-type':
      typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
    'x-ratelimit-limit': '1000',
    'x-ratelimit-remaining': '999',
    'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
    ...headers,
  });
  res.end(text);
}

export async function startFakeGitHub(opts: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const owner = opts.owner ?? 'octo';
  const repo = opts.repo ?? 'app';
  const prefix = `/repos/${owner}/${repo}`;
  const requests: RecordedRequest[] = [];
  const failures = (opts.failures ?? []).map((f) => ({ ...f, left: f.times ?? 1 }));
  const comments = [...(opts.comments ?? [])];
  let nextCheckRun = 1000;
  let nextComment = 5000;
  const reviewComments = [...(opts.reviewComments ?? [])];
  let nextReview = 9000;

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > 8 << 20) req.destroy();
      else chunks.push(c);
    });
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        body = raw;
      }
      const method = req.method ?? 'GET';
      const path = url.pathname;
      const record = (status: number) =>
        requests.push({
          method,
          path,
          query: url.searchParams,
          headers: req.headers,
          body,
          status,
          at: Date.now(),
        });

      const failure = failures.find(
        (f) => f.method === method && path.endsWith(f.pathEndsWith) && f.left !== 0,
      );
      if (failure) {
        if (failure.left > 0) failure.left--;
        record(failure.status);
        return send(res, failure.status, failure.body ?? { message: 'failure' }, failure.headers);
      }
      const reply = (status: number, payload: unknown, headers?: Record<string, string>) => {
        record(status);
        send(res, status, payload, headers);
      };

      if (method === 'POST' && path === '/graphql') {
        const query = (body as { query?: string } | undefined)?.query ?? '';
        if (opts.viewer && /\bviewer\b/.test(query)) return reply(200, { data: { viewer: opts.viewer } });
        return reply(200, { data: null, errors: [{ message: 'not served by the fake' }] });
      }
      if (method === 'GET' && path === '/user')
        return reply(403, { message: 'Resource not accessible by integration' });
      if (!path.startsWith(prefix)) return reply(404, { message: 'Not Found' });
      const rest = path.slice(prefix.length);
      let m: RegExpExecArray | null;
      if (method === 'POST' && rest === '/check-runs') {
        const id = nextCheckRun++;
        return reply(201, { id, html_url: `https://github.example/${owner}/${repo}/runs/${id}` });
      }
      if (method === 'PATCH' && (m = /^\/check-runs\/(\d+)$/.exec(rest))) {
        return reply(200, { id: Number(m[1]) });
      }
      if (method === 'GET' && /^\/pulls\/\d+\/files$/.test(rest)) {
        const perPage = Number(url.searchParams.get('per_page') ?? 30);
        const page = Number(url.searchParams.get('page') ?? 1);
        const all = opts.pullFiles ?? [];
        const slice = all.slice((page - 1) * perPage, page * perPage);
        const headers: Record<string, string> = {};
        if (page * perPage < all.length) {
          const next = new URL(url.toString());
          next.host = req.headers.host ?? next.host;
          next.searchParams.set('page', String(page + 1));
          headers.link = `<${next.toString()}>; rel="next"`;
        }
        return reply(
          200,
          slice.map((f, i) => ({
            sha: '0'.repeat(40),
            filename: f.filename,
            status: f.status,
            additions: 1,
            deletions: 0,
            changes: 1,
            blob_url: '',
            raw_url: '',
            contents_url: '',
            ...(f.previous_filename ? { previous_filename: f.previous_filename } : {}),
            ...(f.patch !== undefined ? { patch: f.patch } : {}),
            n: i,
          })),
          headers,
        );
      }
      if (method === 'GET' && rest.startsWith('/contents/')) {
        const file = decodeURIComponent(rest.slice('/contents/'.length));
        const text = opts.baseContents?.[file];
        if (text === undefined) return reply(404, { message: 'Not Found' });
        return reply(200, text);
      }
      if (method === 'GET' && /^\/issues\/\d+\/comments$/.test(rest)) return reply(200, comments);
      if (method === 'POST' && /^\/issues\/\d+\/comments$/.test(rest)) {
        const c = {
          id: nextComment++,
          body: (body as { body: string }).body,
          user: { login: 'github-actions[bot]', type: 'Bot', id: 41898282 },
        };
        comments.push(c);
        return reply(201, c);
      }
      if (method === 'PATCH' && (m = /^\/issues\/comments\/(\d+)$/.exec(rest))) {
        const c = comments.find((x) => x.id === Number(m![1]));
        if (!c) return reply(404, { message: 'Not Found' });
        c.body = (body as { body: string }).body;
        return reply(200, c);
      }
      if (method === 'GET' && /^\/pulls\/\d+\/comments$/.test(rest)) return reply(200, reviewComments);
      if (method === 'POST' && /^\/pulls\/\d+\/reviews$/.test(rest)) {
        const review = body as {
          commit_id?: string;
          event?: string;
          comments?: { path: string; body: string; line: number; start_line?: number; side?: string }[];
        };
        // GitHub's own checks: each comment on right-side lines of one hunk, start before end.
        for (const c of review.comments ?? []) {
          const file = (opts.pullFiles ?? []).find((f) => f.filename === c.path);
          const start = c.start_line ?? c.line;
          const inHunk = hunkRanges(file?.patch).some(([a, b]) => a <= start && c.line <= b);
          if (
            !file ||
            !inHunk ||
            c.side !== 'RIGHT' ||
            (c.start_line !== undefined && c.start_line >= c.line)
          )
            return reply(422, {
              message: 'Unprocessable Entity',
              errors: ['Pull request review thread line must be part of the diff'],
            });
        }
        const id = nextReview++;
        for (const c of review.comments ?? [])
          reviewComments.push({
            id: nextComment++,
            body: c.body,
            path: c.path,
            line: c.line,
            start_line: c.start_line ?? null,
            side: 'RIGHT',
            pull_request_review_id: id,
            user: { login: 'github-actions[bot]', type: 'Bot', id: 41898282 },
          });
        return reply(200, { id, state: review.event === 'COMMENT' ? 'COMMENTED' : 'PENDING' });
      }
      if ((method === 'PATCH' || method === 'DELETE') && (m = /^\/pulls\/comments\/(\d+)$/.exec(rest))) {
        const i = reviewComments.findIndex((x) => x.id === Number(m![1]));
        if (i < 0) return reply(404, { message: 'Not Found' });
        if (method === 'DELETE') {
          reviewComments.splice(i, 1);
          record(204);
          res.writeHead(204);
          return res.end();
        }
        reviewComments[i]!.body = (body as { body: string }).body;
        return reply(200, reviewComments[i]);
      }
      return reply(404, { message: `Not Found: ${method} ${path}` });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    clearTimeout(timer);
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  const timer = setTimeout(() => void close(), opts.lifetimeMs ?? 60_000);
  timer.unref();
  return { url: `http://127.0.0.1:${port}`, requests, comments, reviewComments, close };
}
