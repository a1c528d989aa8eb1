/** Enrolment records: empty at first, round trips, the generation, private copies. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { store } from './current-store.ts';
import { enrolment } from './fixtures.ts';

export function enrolmentContract(): void {
  describe('enrolment', () => {
    it('starts empty at generation 0', async () => {
      assert.equal(await store.getEnrolment('u'), null);
      assert.equal(await store.getGeneration('u'), 0);
    });

    it('round-trips and bumps the generation on every put', async () => {
      await store.putEnrolment('u', enrolment('Authenticator app'));
      assert.deepEqual(await store.getEnrolment('u'), enrolment('Authenticator app'));
      assert.equal(await store.getGeneration('u'), 1);
      await store.putEnrolment('u', { ...enrolment('Phone'), enabled: false, promptDismissed: true });
      assert.deepEqual(await store.getEnrolment('u'), { ...enrolment('Phone'), enabled: false, promptDismissed: true });
      assert.equal(await store.getGeneration('u'), 2);
    });

    it('keeps its own copy: callers cannot mutate stored state', async () => {
      const input = enrolment('Authenticator app');
      await store.putEnrolment('u', input);
      input.methods[0]!.label = 'changed after put';
      const output = await store.getEnrolment('u');
      assert.ok(output);
      output.methods.pop();
      output.enabled = false;
      assert.deepEqual(await store.getEnrolment('u'), enrolment('Authenticator app'));
    });
  });
}
