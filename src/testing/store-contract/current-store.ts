/**
 * The store of the test that is running. The entry (`../store-contract.ts`) makes a fresh
 * one before each test and sets it here; the parts import `store`, a live binding, so each
 * test reads it as plain code over one store.
 */
import type { TwoStepStore } from '../../backends/types.js';

export let store: TwoStepStore;

export function setCurrentStore(next: TwoStepStore): void {
  store = next;
}
