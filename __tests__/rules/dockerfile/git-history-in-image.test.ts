import { parseDockerfile } from '../../../src/formats/dockerfile/parse.js';
import { rule } from '../../../src/rules/dockerfile/git-history-in-image.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const GIT = {
  '.git/HEAD': 'ref: refs/heads/main\n',
  '.git/config': '[core]\n',
  '.git/objects/pack/p.pack': 'x',
};
const F = 'FROM python:3.12\nWORKDIR /app\n';
const ONB = { errors: [], reason: "a trigger copies the child build's context" };

ruleTester(rule, parseDockerfile).run({
  valid: [
    { name: 'no .git in the context', code: F + 'COPY . .\n', files: { 'app.py': 'x' } },
    { name: '.git excluded', code: F + 'COPY . .\n', files: { ...GIT, '.dockerignore': '.git\n' } },
    {
      name: '.git excluded with a leading slash and a trailing one',
      code: F + 'COPY . .\n',
      files: { ...GIT, '.dockerignore': '/.git/\n' },
    },
    {
      name: 'everything excluded, sources re-included',
      code: F + 'COPY . .\n',
      files: { ...GIT, 'src/a.py': 'x', '.dockerignore': '**\n!src\n' },
    },
    { name: 'copies only a folder', code: F + 'COPY src/ ./src/\n', files: { ...GIT, 'src/a.py': 'x' } },
    {
      name: 'the context is a subfolder without .git',
      path: 'svc/Dockerfile',
      code: F + 'COPY . .\n',
      files: { ...GIT, 'svc/a.py': 'x' },
    },
    { name: 'COPY --from', code: 'FROM alpine AS a\nRUN true\nFROM alpine\nCOPY --from=a / /\n', files: GIT },
  ],
  invalid: [
    {
      name: 'COPY . . with .git and no .dockerignore',
      code: F + 'COPY . .\nUSER 1000\n',
      files: { ...GIT, 'app.py': 'x' },
      errors: [{ line: 3, column: 1, message: 'there is no .dockerignore' }],
      onbuild: ONB,
    },
    {
      name: 'a .dockerignore that forgets .git',
      code: F + 'COPY . .\n',
      files: { ...GIT, '.dockerignore': '*.pyc\n__pycache__\n' },
      errors: [{ line: 3, column: 1, message: '.dockerignore does not exclude it' }],
      onbuild: ONB,
    },
    {
      name: 'only .git/objects excluded: config and HEAD still go',
      code: F + 'COPY . .\n',
      files: { ...GIT, '.dockerignore': '.git/objects\n' },
      errors: [{ line: 3, column: 1 }],
      onbuild: ONB,
    },
    {
      name: 'COPY .git explicitly',
      code: F + 'COPY .git /app/.git\n',
      files: GIT,
      errors: [{ line: 3, column: 1 }],
      onbuild: ONB,
    },
    {
      name: 'in a build stage whose files do not reach the final image: low',
      code: 'FROM golang:1 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/app\nFROM scratch\nCOPY --from=build /out/app /app\n',
      files: GIT,
      errors: [{ line: 3, column: 1, severity: 'low' }],
      onbuild: ONB,
    },
  ],
});
