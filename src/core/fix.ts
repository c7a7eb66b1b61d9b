/**
 * Mechanical fixes. A rule whose fix needs no decision declares it on its hit as an `Autofix`:
 * either the exact text edits (`npm install` → `npm ci`), or a `resolve` request that needs one
 * online answer first (an image tag's digest, an action tag's commit SHA). The fix layer asks
 * `intel/` for the answer and turns the request into edits; offline, a `resolve` fix stays text.
 *
 * Edits are minimal replacements at a span of the scanned file, never a reformat: what is outside
 * the span survives byte for byte.
 */
import type { Span } from './span.js';

/** Replace the text at `span` (1-based, endColumn exclusive, may cover several lines) with `text`. */
export interface TextEdit {
  span: Span;
  text: string;
}

/** A fix that needs an online answer before it becomes edits. */
export type FixResolve =
  | {
      /**
       * Pin an image reference to the digest its tag names now: the edit replaces the text at
       * `span` (the reference as written, e.g. `node:20` or `ghcr.io/o/i:1.2`) with
       * `<reference>@sha256:<index digest>` (the tag stays for readers).
       */
      kind: 'image-digest';
      image: string;
      span: Span;
    }
  | {
      /**
       * Pin an action or reusable workflow to the commit its tag or branch names now: the edit
       * replaces the text at `span` (the ref after `@`) with the 40-hex SHA, and the line gets the
       * exact version as a trailing comment (`# v4.2.2`) unless one is already there.
       */
      kind: 'action-sha';
      owner: string;
      repo: string;
      ref: string;
      span: Span;
    };

export interface Autofix {
  /** One short line: what applying it does (`pin node:20 to its digest`). */
  title: string;
  /** The edits, when they are known without the network. */
  edits?: TextEdit[];
  /** The online answer the edits need, when they are not known yet. */
  resolve?: FixResolve;
}
