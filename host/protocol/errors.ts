import { WhorlError } from '../util/errors.js';
import { cmdName, statusName } from './codec.js';

/** No valid response arrived within the timeout after all retries. */
export class TimeoutError extends WhorlError {
  constructor(cmd: number, seq: number, timeoutMs: number, attempts: number, describe = 'device') {
    super('E_TIMEOUT', `timeout: ${describe} did not answer ${cmdName(cmd)} (seq ${seq}) in ${timeoutMs} ms after ${attempts} attempt(s)`, {
      context: { cmd, seq, timeoutMs, attempts, device: describe },
    });
  }
}

/** The device answered with a status other than OK. */
export class DeviceStatusError extends WhorlError {
  readonly status: number;
  readonly statusName: string;
  readonly detail: Uint8Array;

  constructor(cmd: number, seq: number, status: number, detail: Uint8Array = new Uint8Array(0)) {
    const name = statusName(status);
    const text = detail.length && detail.every((c) => c >= 0x20 && c < 0x7f) ? `: ${Buffer.from(detail).toString('ascii')}` : '';
    super('E_DEVICE', `device error ${name} (${status}) for ${cmdName(cmd)} (seq ${seq})${text}`, {
      context: { cmd, seq, status, statusName: name },
    });
    this.status = status;
    this.statusName = name;
    this.detail = detail;
  }
}

/** A frame could not be built or the link failed. */
export class LinkError extends WhorlError {
  constructor(message: string, context: Record<string, unknown> = {}, cause?: unknown) {
    super('E_LINK', message, { context, cause });
  }
}

/** Responses arrived but every one failed its CRC (or header check): a noisy or mismatched link. */
export class CrcError extends WhorlError {
  constructor(cmd: number, seq: number, corrupt: number, attempts: number, describe = 'device') {
    super('E_CRC', `CRC error: ${describe} answered ${cmdName(cmd)} (seq ${seq}) but ${corrupt} frame(s) failed their CRC over ${attempts} attempt(s); check the baud rate and the cable`, {
      context: { cmd, seq, corrupt, attempts, device: describe },
    });
  }
}
