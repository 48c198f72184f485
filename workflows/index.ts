/** Every workflow the worker registers (its bundle's entry point). */
export { fullSyncWorkflow } from './full-sync.workflow';
export { deltaSyncWorkflow } from './delta-sync.workflow';
export { reconcileWorkflow } from './reconcile.workflow';
export { recordSyncWorkflow } from './record-sync.workflow';
