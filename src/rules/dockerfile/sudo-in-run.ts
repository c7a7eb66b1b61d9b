import { evidenceText } from '../../formats/dockerfile/shell/positions.js';
import { runScripts } from '../../formats/dockerfile/shell/walk.js';
import { defineRule, hit, spanFromTo, type Hit } from '../../core/index.js';

const FIX =
  'Drop sudo: RUN already runs as the current USER (root unless changed). Run the privileged steps before `USER app`, or switch with `USER root` ... `USER app` around them.';

export const rule = defineRule({
  id: 'dockerfile/sudo-in-run',
  kind: 'dockerfile',
  appliesTo: 'dockerfile',
  severity: 'low',
  title: 'sudo used in RUN',
  description:
    'sudo in a build step means the image ships sudo and usually a sudoers rule that lets the runtime user become root again, undoing the point of a non-root USER. It also hides which steps need privileges; the USER instruction states that plainly.',
  fix: FIX,
  examples: {
    bad: 'USER app\nRUN sudo apt-get update && sudo apt-get install -y curl',
    good: 'RUN apt-get update && apt-get install -y curl\nUSER app',
    language: 'dockerfile',
  },
  references: ['https://docs.docker.com/build/building/best-practices/#user'],
  check(model) {
    const hits: Hit[] = [];
    for (const run of runScripts(model)) {
      for (const cmd of run.script.commands) {
        const words = cmd.wrapperWords.filter((w) => w.value === 'sudo' || w.value?.endsWith('/sudo'));
        if (cmd.base === 'sudo') words.push(cmd.nameWord);
        for (const w of words) {
          const span = spanFromTo(w, cmd.span);
          hits.push(
            hit(
              w,
              'sudo in a RUN step: the image needs sudo and a sudoers rule, which lets the runtime user regain root.',
              {
                evidence: evidenceText(model, span),
                fix: FIX,
                scopeLine: run.scopeLine,
              },
            ),
          );
        }
      }
    }
    return hits;
  },
});
