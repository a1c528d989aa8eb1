/**
 * Every write of a WebAuthn credential goes through `changeEnrolment` below: registration,
 * the sign counter after an assertion. Credentials are long-lived records, so they
 * live in the durable enrolment store, written by compare-and-set (`updateEnrolment`): two
 * writes for one user at the same instant never lose one, and `change` re-checks its
 * conditions (the counter only moves forward) on the record each round reads.
 */
import { TwoStepError } from '../errors.js';
import type { EnrolledMethod, Enrolment, WebAuthnCredentialRecord } from '../enrolments/records.js';
import type { CoreContext } from './context.js';
import { updateEnrolment } from './update-enrolment.js';

export async function changeEnrolment(ctx: CoreContext, userId: string, change: (enrolment: Enrolment) => Enrolment): Promise<Enrolment> {
  return (await updateEnrolment(ctx, userId, (current) => change(current))).enrolment;
}

export function webAuthnMethods(enrolment: Enrolment): (EnrolledMethod & { webauthn: WebAuthnCredentialRecord })[] {
  return enrolment.methods.filter((m): m is EnrolledMethod & { webauthn: WebAuthnCredentialRecord } =>
    m.type === 'webauthn' && m.confirmed && m.webauthn !== undefined && m.webauthn.credentialId !== '');
}

export class CounterWentBack extends Error {}

/**
 * Records a successful assertion. The counter must move forward from what is stored now (not
 * from what the verification read): two assertions of a cloned key race to the same value,
 * and only one may win. Authenticators that keep no counter (0 both sides) are exempt.
 */
export async function recordAssertion(
  ctx: CoreContext,
  userId: string,
  methodId: string,
  result: { newCounter: number; backedUp: boolean; nowMs: number },
): Promise<void> {
  await changeEnrolment(ctx, userId, (enrolment) => ({
    ...enrolment,
    methods: enrolment.methods.map((m) => {
      if (m.id !== methodId || !m.webauthn) return m;
      const stored = m.webauthn.counter;
      if ((result.newCounter > 0 || stored > 0) && result.newCounter <= stored) throw new CounterWentBack();
      return { ...m, webauthn: { ...m.webauthn, counter: result.newCounter, backedUp: result.backedUp, lastUsedAt: result.nowMs } };
    }),
  }));
}
