import { describe, expect, it } from '@jest/globals';
import { parseDockerfile } from '../../../src/formats/dockerfile/parse.js';
import { buildScope, commandArgs, isPureReference } from '../../../src/formats/dockerfile/scope.js';

function at(text: string, line: number) {
  const model = parseDockerfile(text, 'Dockerfile');
  const scope = buildScope(model);
  const inst = model.instructions.find((i) => i.span.line === line);
  if (!inst) throw new Error(`no instruction on line ${line}`);
  return { model, scope, inst };
}

describe('stage graph', () => {
  const text = [
    'FROM golang:1.22 AS Build', // 1
    'FROM build AS test', // 2
    'FROM alpine:3.19', // 3
    'COPY --from=BUILD /a /a', // 4
  ].join('\n');
  it('resolves stage names case-insensitively and by index', () => {
    const { scope } = at(text, 4);
    expect(scope.stageRef('build')).toBe(0);
    expect(scope.stageRef('Build')).toBe(0);
    expect(scope.stageRef('0')).toBe(0);
    expect(scope.stageRef('2')).toBe(2);
    expect(scope.stageRef('7')).toBeUndefined();
    expect(scope.stageRef('alpine:3.19')).toBeUndefined();
  });
  it('links FROM <stage> to its parent and computes chains', () => {
    const { scope } = at(text, 4);
    expect(scope.stages.map((s) => s.parent)).toEqual([undefined, 0, undefined]);
    expect(scope.chain(1)).toEqual([1, 0]);
    expect(scope.finalStage).toBe(2);
    expect(scope.inFinalImage(2)).toBe(true);
    expect(scope.inFinalImage(0)).toBe(false);
  });
  it('FROM of a stage declared later is an image, not a stage', () => {
    const { scope } = at('FROM later\nFROM alpine AS later\n', 1);
    expect(scope.stages[0]!.parent).toBeUndefined();
  });
});

describe('variable scope', () => {
  const text = [
    'ARG REG=ghcr.io', // 1
    'ARG IMG=${REG}/acme/base:1', // 2
    'ARG NOVAL', // 3
    'FROM ${IMG} AS base', // 4
    'RUN echo $REG', // 5
    'ARG REG', // 6
    'ARG LOCAL=x-${REG}', // 7
    'ENV HOME_DIR=/home/app TAG=${TAG:-dflt}', // 8
    'RUN echo', // 9
    'ARG NOVAL', // 10
    'FROM base', // 11
    'RUN echo', // 12
  ].join('\n');
  it('global ARG defaults chain and are visible in FROM', () => {
    const { scope } = at(text, 4);
    expect(scope.stages[0]!.image).toBe('ghcr.io/acme/base:1');
  });
  it('global ARGs are not visible in a stage until redeclared', () => {
    const { scope, inst } = at(text, 5);
    expect(scope.resolve('$REG', inst)).toBeUndefined();
  });
  it('a redeclared ARG inherits the global default; ENV applies ${VAR:-default}', () => {
    const { scope, inst } = at(text, 9);
    expect(scope.resolve('$REG', inst)).toBe('ghcr.io');
    expect(scope.resolve('${LOCAL}', inst)).toBe('x-ghcr.io');
    expect(scope.resolve('$HOME_DIR', inst)).toBe('/home/app');
    expect(scope.resolve('${TAG}', inst)).toBe('dflt');
  });
  it('FROM: ${VAR:-default} of a global ARG without default takes the default (BuildKit leaves it unset)', () => {
    expect(at('ARG B\nFROM ${B:-debian:12}\nRUN x\n', 3).scope.stages[0]!.image).toBe('debian:12');
    expect(at('ARG B\nFROM ${B}\nRUN x\n', 3).scope.stages[0]!.image).toBeUndefined();
    expect(at('ARG X=${Y}\nFROM ${X:-debian:12}\nRUN x\n', 3).scope.stages[0]!.image).toBeUndefined();
    expect(at('ARG B=a:1\nARG B\nFROM ${B:-debian:12}\nRUN x\n', 4).scope.stages[0]!.image).toBe('debian:12');
  });
  it('an ARG without any default stays unknown', () => {
    const { scope, inst } = at(text, 12);
    expect(scope.resolve('${NOVAL}', inst)).toBeUndefined();
  });
  it('ENV is inherited by FROM <stage>, ARG is not', () => {
    const { scope, inst } = at(text, 12);
    expect(scope.resolve('$HOME_DIR', inst)).toBe('/home/app');
    expect(scope.resolve('$LOCAL', inst)).toBeUndefined();
  });
  it('ENV wins over an ARG of the same name', () => {
    const { scope, inst } = at('FROM a:1\nENV V=env\nARG V=arg\nRUN x\n', 4);
    expect(scope.resolve('$V', inst)).toBe('env');
  });
  it('a value defined in the same ENV line is not visible to that line', () => {
    const { scope, inst } = at('FROM a:1\nENV A=1 B=${A}\nRUN x\n', 3);
    expect(scope.resolve('$B', inst)).toBeUndefined();
  });
});

describe('helpers', () => {
  it('isPureReference', () => {
    expect(isPureReference('$TOKEN')).toBe(true);
    expect(isPureReference('${TOKEN}')).toBe(true);
    expect(isPureReference('${TOKEN:-x}')).toBe(true);
    expect(isPureReference('abc$TOKEN')).toBe(false);
    expect(isPureReference('${A}${B}')).toBe(false);
    expect(isPureReference('$')).toBe(false);
  });
  it('commandArgs leaves heredoc bodies out', () => {
    const m = parseDockerfile('FROM a:1\nADD <<EOF /etc/x.list\nhttps://example.com/x\nEOF\n', 'Dockerfile');
    expect(commandArgs(m.instructions[1]!).map((a) => a.value)).toEqual(['<<EOF', '/etc/x.list']);
  });
});
