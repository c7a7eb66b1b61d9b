import { describe, expect, it } from '@jest/globals';
import { parseDockerfile } from '../../../src/formats/dockerfile/parse.js';
import { rule } from '../../../src/rules/dockerfile/runs-as-root.js';
import { positions, runRule } from '../../helpers/rules.js';

describe('dockerfile/runs-as-root', () => {
  const bad: [string, string, { line: number; column: number }[]][] = [
    ['no USER: points at the final FROM image', 'FROM node:20\nCMD ["node"]\n', [{ line: 1, column: 6 }]],
    ['USER root', 'FROM node:20\nUSER node\nUSER root\n', [{ line: 3, column: 6 }]],
    ['USER 0', 'FROM node:20\nUSER 0\n', [{ line: 2, column: 6 }]],
    ['USER 0:0', 'FROM node:20\nUSER 0:0\n', [{ line: 2, column: 6 }]],
    ['USER root:root', 'FROM node:20\nUSER root:root\n', [{ line: 2, column: 6 }]],
    ['USER from a variable', 'FROM node:20\nARG U=root\nUSER ${U}\n', [{ line: 3, column: 6 }]],
    [
      'builder non-root does not help the final stage',
      'FROM golang:1 AS build\nUSER 1000\nFROM alpine:3\nCMD ["/app"]\n',
      [{ line: 3, column: 6 }],
    ],
    [
      'root inherited from a base stage',
      'FROM alpine:3 AS base\nUSER root\nFROM base\nCMD ["sh"]\n',
      [{ line: 2, column: 6 }],
    ],
    [
      'FROM scratch with a static binary',
      'FROM golang:1 AS b\nFROM scratch\nCOPY --from=b /app /app\nENTRYPOINT ["/app"]\n',
      [{ line: 2, column: 6 }],
    ],
    [
      'Windows administrator',
      'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nUSER ContainerAdministrator\n',
      [{ line: 2, column: 6 }],
    ],
  ];
  it.each(bad)('flags %s', async (_name, text, expected) => {
    expect(positions(await runRule(rule, parseDockerfile, text, 'Dockerfile'))).toEqual(expected);
  });

  const good: [string, string][] = [
    ['USER name', 'FROM node:20\nUSER node\n'],
    ['USER uid:gid', 'FROM node:20\nUSER 10001:10001\n'],
    ['non-root set in a base stage passes on', 'FROM node:20 AS base\nUSER node\nFROM base\nCMD ["node"]\n'],
    ['root only in a builder stage', 'FROM golang:1 AS build\nUSER root\nFROM alpine:3\nUSER 65532\n'],
    ['root then non-root', 'FROM node:20\nUSER root\nRUN apt-get update\nUSER node\n'],
    ['unknown user variable is not guessed', 'FROM node:20\nARG UID\nUSER ${UID}\n'],
    ['distroless nonroot tag', 'FROM gcr.io/distroless/static-debian12:nonroot\nCOPY app /app\n'],
    ['nanoserver runs as ContainerUser', 'FROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nCMD ["cmd"]\n'],
    [
      'scratch export stage (no CMD/ENTRYPOINT)',
      'FROM golang:1 AS b\nFROM scratch AS out\nCOPY --from=b /out /\n',
    ],
    ['unknown base image', 'ARG BASE\nFROM ${BASE}\nCMD ["x"]\n'],
    ['USER with a numeric 0-prefixed non-zero uid', 'FROM node:20\nUSER 0100\n'],
    ['Jupyter stack image (jovyan)', 'FROM quay.io/jupyter/scipy-notebook:2025-01-01\nRUN pip list\n'],
    ['Jupyter stack image on Docker Hub', 'FROM jupyter/base-notebook:notebook-6.5.4\nRUN pip list\n'],
    [
      'Jupyter image through an ARG default',
      'ARG BASE_IMAGE=quay.io/jupyter/base-notebook\nFROM $BASE_IMAGE\n',
    ],
    ['Elasticsearch', 'FROM docker.elastic.co/elasticsearch/elasticsearch:8.11.2\n'],
    ['Airflow', 'FROM apache/airflow:2.11.1\nCOPY dags /opt/airflow/dags\n'],
    ['k6 with a registry prefix', 'FROM docker.io/grafana/k6:2.2.0-with-browser\n'],
    ['Gitpod workspace', 'FROM gitpod/workspace-python\n'],
    ['nginx-unprivileged', 'FROM nginxinc/nginx-unprivileged:1.27\n'],
  ];
  it.each(good)('accepts %s', async (_name, text) => {
    expect(await runRule(rule, parseDockerfile, text, 'Dockerfile')).toEqual([]);
  });

  it.each([
    ['a look-alike repository on another registry', 'FROM ghcr.io/jupyter/scipy-notebook\n', 'Dockerfile'],
    ['a look-alike Docker Hub name', 'FROM grafana/k6-operator:1\n', 'Dockerfile'],
    ['a known image switched back to root', 'FROM quay.io/jupyter/base-notebook\nUSER root\n', 'Dockerfile'],
    ['a folder merely named like a dev container', 'FROM node:20\n', 'devcontainer/Dockerfile'],
  ])('still flags %s', async (_name, text, path) => {
    expect(await runRule(rule, parseDockerfile, text, path)).toHaveLength(1);
  });

  it.each(['.devcontainer/Dockerfile', 'tools/.devcontainer/base.Dockerfile'])(
    'does not report a dev container image (%s): its user comes from devcontainer.json',
    async (path) => {
      expect(
        await runRule(rule, parseDockerfile, 'FROM mcr.microsoft.com/devcontainers/base:1\n', path),
      ).toEqual([]);
    },
  );

  it('says the base image may set a user when it cannot see one', async () => {
    const [hit] = await runRule(rule, parseDockerfile, 'FROM node:20\n', 'Dockerfile');
    expect(hit!.message).toContain('the base image may set a non-root user');
  });
});
