/** The build-input inventory: collection from parsed models, and its summary. */
import type { DockerfileModel } from '../formats/dockerfile/model.js';
import type { LockfileModel } from '../formats/lockfile/model.js';
import type { WorkflowModel } from '../formats/workflow/model.js';
import type { FileKind } from '../core/index.js';
import { dockerfileInputs, lockfileInputs, workflowInputs, type InventoryBuilder } from './collect.js';

export { InventoryBuilder } from './collect.js';
export * from './model.js';

/** Adds the inputs of one parsed file (a kind without build inputs adds nothing). */
export function collectInputs(b: InventoryBuilder, kind: FileKind, model: unknown, path: string): void {
  if (kind === 'dockerfile') dockerfileInputs(model as DockerfileModel, path, b);
  else if (kind === 'workflow') workflowInputs(model as WorkflowModel, path, b);
  else if (kind === 'lockfile') lockfileInputs(model as LockfileModel, path, b);
}
