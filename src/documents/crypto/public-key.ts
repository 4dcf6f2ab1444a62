import { DomainError } from '../../platform/http/domain-error';
import { InvalidPublicKeyError, parsePublicKey } from './ecdsa-p256';

/** A public key from a request: anything but a valid SEC1 P-256 point is 400 INVALID_PUBLIC_KEY. */
export function requestPublicKey(bytes: Uint8Array): Uint8Array {
  try {
    return parsePublicKey(bytes);
  } catch (error) {
    if (error instanceof InvalidPublicKeyError) throw new DomainError('INVALID_PUBLIC_KEY', error.message);
    throw error;
  }
}
