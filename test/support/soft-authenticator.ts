/**
 * A software authenticator for server-side tests: a P-256 key, CBOR-encoded authenticator
 * data and real ECDSA signatures, answering the options our routes hand out exactly as a
 * browser with a security key would (`PublicKeyCredential.toJSON()` shape). Every field a
 * test may want to get wrong (origin, rpID, counter, challenge) can be overridden.
 */
import { createHash, createSign, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { encodeCbor } from './cbor.ts';

const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
/** Backup eligible and backed up: a synced passkey. */
const FLAG_BE = 0x08;
const FLAG_BS = 0x10;
const FLAG_AT = 0x40;

export interface AnswerOverrides {
  origin?: string;
  rpID?: string;
  /** Sign with this counter instead of the next one. */
  counter?: number;
  challenge?: string;
  type?: string;
  userVerified?: boolean;
}

const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest();
const b64 = (data: Uint8Array) => Buffer.from(data).toString('base64url');

export class SoftAuthenticator {
  readonly credentialId = randomBytes(32);
  private readonly privateKey: KeyObject;
  private readonly publicJwk: { x: string; y: string };
  /** The counter of the last answer; stays 0 for authenticators without one. */
  counter = 0;
  /** The user handle registered with it (from `user.id` of the creation options). */
  userHandle: string | undefined;

  constructor(readonly defaults: { origin: string; rpID: string; keepsCounter?: boolean; userVerified?: boolean; synced?: boolean }) {
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.privateKey = pair.privateKey;
    const jwk = pair.publicKey.export({ format: 'jwk' });
    this.publicJwk = { x: jwk.x!, y: jwk.y! };
  }

  get id(): string {
    return b64(this.credentialId);
  }

  private clientData(type: string, challenge: string, overrides: AnswerOverrides): Buffer {
    return Buffer.from(JSON.stringify({
      type: overrides.type ?? type,
      challenge: overrides.challenge ?? challenge,
      origin: overrides.origin ?? this.defaults.origin,
      crossOrigin: false,
    }));
  }

  private flags(overrides: AnswerOverrides, extra = 0): number {
    const uv = overrides.userVerified ?? this.defaults.userVerified ?? true;
    return FLAG_UP | (uv ? FLAG_UV : 0) | (this.defaults.synced ? FLAG_BE | FLAG_BS : 0) | extra;
  }

  private nextCounter(overrides: AnswerOverrides): number {
    if (overrides.counter !== undefined) return overrides.counter;
    if (this.defaults.keepsCounter === false) return 0;
    this.counter += 1;
    return this.counter;
  }

  private authData(rpID: string, flags: number, counter: number, attested?: Buffer): Buffer {
    const count = Buffer.alloc(4);
    count.writeUInt32BE(counter, 0);
    return Buffer.concat([sha256(rpID), Buffer.from([flags]), count, ...(attested ? [attested] : [])]);
  }

  /** Answers `navigator.credentials.create()` with 'none' attestation. */
  register(options: { challenge: string; user?: { id: string } }, overrides: AnswerOverrides = {}) {
    this.userHandle = options.user?.id;
    const coseKey = encodeCbor(new Map<number, number | Uint8Array>([
      [1, 2], [3, -7], [-1, 1],
      [-2, Buffer.from(this.publicJwk.x, 'base64url')],
      [-3, Buffer.from(this.publicJwk.y, 'base64url')],
    ]));
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(this.credentialId.length, 0);
    const attested = Buffer.concat([Buffer.alloc(16), idLength, this.credentialId, coseKey]);
    const counter = this.defaults.keepsCounter === false ? 0 : this.counter;
    const authData = this.authData(overrides.rpID ?? this.defaults.rpID, this.flags(overrides, FLAG_AT), counter, attested);
    const attestationObject = encodeCbor(new Map<string, string | Uint8Array | Map<string, string>>([
      ['fmt', 'none'], ['attStmt', new Map()], ['authData', authData],
    ]));
    return {
      id: this.id,
      rawId: this.id,
      type: 'public-key',
      clientExtensionResults: {},
      response: {
        clientDataJSON: b64(this.clientData('webauthn.create', options.challenge, overrides)),
        attestationObject: b64(attestationObject),
        transports: ['usb'],
      },
    };
  }

  /** Answers `navigator.credentials.get()`: authenticator data signed with the clientData hash. */
  assert(options: { challenge: string }, overrides: AnswerOverrides = {}) {
    const authData = this.authData(overrides.rpID ?? this.defaults.rpID, this.flags(overrides), this.nextCounter(overrides));
    const clientDataJSON = this.clientData('webauthn.get', options.challenge, overrides);
    const signature = createSign('sha256').update(Buffer.concat([authData, sha256(clientDataJSON)])).sign(this.privateKey);
    return {
      id: this.id,
      rawId: this.id,
      type: 'public-key',
      clientExtensionResults: {},
      response: {
        clientDataJSON: b64(clientDataJSON),
        authenticatorData: b64(authData),
        signature: b64(signature),
        ...(this.userHandle ? { userHandle: this.userHandle } : {}),
      },
    };
  }
}
