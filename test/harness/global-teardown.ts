import { stopTestStack } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  const stack = globalThis.syncEngineTestStack;
  globalThis.syncEngineTestStack = undefined;
  if (stack) await stopTestStack(stack);
}
