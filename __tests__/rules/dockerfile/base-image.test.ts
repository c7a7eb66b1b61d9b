import { describe, expect, it } from '@jest/globals';
import { parseDockerfile } from '../../../src/formats/dockerfile/parse.js';
import { rule as latest } from '../../../src/rules/dockerfile/base-image-latest.js';
import { rule as unpinned } from '../../../src/rules/dockerfile/base-image-unpinned.js';
import { positions, runRule } from '../../helpers/rules.js';

const D = 'sha256:' + 'a'.repeat(64);

describe('dockerfile/base-image-latest', () => {
  const bad: [string, string, { line: number; column: number }[]][] = [
    ['no tag', 'FROM node\n', [{ line: 1, column: 6 }]],
    ['explicit latest', 'FROM python:latest\n', [{ line: 1, column: 6 }]],
    ['platform flag', 'FROM --platform=linux/amd64 alpine\n', [{ line: 1, column: 29 }]],
    ['registry with port, no tag', 'FROM registry:5000/team/img\n', [{ line: 1, column: 6 }]],
    ['ARG default without tag', 'ARG BASE=ubuntu\nFROM ${BASE}\n', [{ line: 2, column: 6 }]],
    ['second stage', 'FROM node:20@' + D + ' AS build\nFROM nginx AS run\n', [{ line: 2, column: 6 }]],
    ['lower-case keyword', 'from debian\n', [{ line: 1, column: 6 }]],
  ];
  it.each(bad)('flags %s', async (_name, text, expected) => {
    expect(positions(await runRule(latest, parseDockerfile, text, 'Dockerfile'))).toEqual(expected);
  });

  const good: [string, string][] = [
    ['scratch', 'FROM scratch\n'],
    ['stage alias', 'FROM node:20@' + D + ' AS build\nFROM build\n'],
    ['stage alias, different case', 'FROM node:20@' + D + ' AS Build\nFROM build\n'],
    ['digest only', 'FROM node@' + D + '\n'],
    ['tag and digest', 'FROM node:20@' + D + '\n'],
    ['pinned ARG default', `ARG BASE=node:20@${D}\nFROM \${BASE}\n`],
    ['tagged', 'FROM node:20.11.1\n'],
    ['registry with port and tag', 'FROM registry:5000/img:1.0\n'],
    ['unknown variable is never guessed', 'ARG BASE\nFROM ${BASE}\n'],
  ];
  it.each(good)('accepts %s', async (_name, text) => {
    expect(await runRule(latest, parseDockerfile, text, 'Dockerfile')).toEqual([]);
  });
});

describe('dockerfile/base-image-unpinned', () => {
  const bad: [string, string, { line: number; column: number }[]][] = [
    ['floating tag', 'FROM node:20-alpine\n', [{ line: 1, column: 6 }]],
    ['exact tag', 'FROM node:20.11.1\n', [{ line: 1, column: 6 }]],
    ['registry with port', 'FROM registry:5000/img:1.0\n', [{ line: 1, column: 6 }]],
    ['platform flag', 'FROM --platform=$BUILDPLATFORM golang:1.22 AS build\n', [{ line: 1, column: 32 }]],
    ['ARG default', 'ARG V=3.12\nFROM python:${V}-slim\n', [{ line: 2, column: 6 }]],
    ['malformed digest', 'FROM node:20@sha256:abc\n', [{ line: 1, column: 6 }]],
  ];
  it.each(bad)('flags %s', async (_name, text, expected) => {
    expect(positions(await runRule(unpinned, parseDockerfile, text, 'Dockerfile'))).toEqual(expected);
  });

  it('names the digest form in the fix', async () => {
    const [hit] = await runRule(unpinned, parseDockerfile, 'FROM ghcr.io/acme/base:1.4\n', 'Dockerfile');
    expect(hit!.fix).toBe('Pin the digest: FROM ghcr.io/acme/base:1.4@sha256:<digest>');
  });

  const good: [string, string][] = [
    ['scratch', 'FROM scratch\n'],
    ['no tag (the latest rule reports it)', 'FROM node\n'],
    ['stage alias', 'FROM golang:1.22@' + D + ' AS build\nFROM build AS test\n'],
    ['tag and digest', 'FROM node:20@' + D + '\n'],
    ['registry port and digest', 'FROM registry:5000/img:1.0@' + D + '\n'],
    ['pinned ARG default', `ARG BASE=node:20@${D}\nFROM \${BASE}\n`],
    ['unknown variable', 'ARG V\nFROM python:${V}\n'],
  ];
  it.each(good)('accepts %s', async (_name, text) => {
    expect(await runRule(unpinned, parseDockerfile, text, 'Dockerfile')).toEqual([]);
  });
});
