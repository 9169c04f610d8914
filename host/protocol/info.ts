/** Decoder of the INFO response (TLV list, docs/protocol.md). */

export interface TaskInfo {
  prio: number;
  stackSize: number;
  stackFree: number;
  name: string;
}

export interface DeviceInfo {
  firmwareVersion?: string;
  buildId?: string;
  board?: string;
  protocolVersion?: number;
  kernelVersion?: number;
  uptimeMs?: number;
  cpuUsage?: number;
  tasks: TaskInfo[];
  maxPayload?: number;
  tickHz?: number;
  contextSwitches?: number;
  /** tags this host does not know, kept raw */
  unknown: Array<{ tag: number; value: Uint8Array }>;
}

export function decodeInfo(p: Uint8Array): DeviceInfo {
  const info: DeviceInfo = { tasks: [], unknown: [] };
  const dv = new DataView(p.buffer, p.byteOffset, p.byteLength);
  const ascii = (a: number, b: number) => Buffer.from(p.subarray(a, b)).toString('ascii');
  let i = 0;
  while (i + 2 <= p.length) {
    const tag = p[i];
    const len = p[i + 1];
    const v = i + 2;
    if (v + len > p.length) throw new RangeError(`INFO record tag ${tag} overruns the payload`);
    switch (tag) {
      case 1: info.firmwareVersion = ascii(v, v + len); break;
      case 2: info.buildId = ascii(v, v + len); break;
      case 3: info.board = ascii(v, v + len); break;
      case 4: info.protocolVersion = p[v]; break;
      case 5: info.kernelVersion = dv.getUint16(v, true); break;
      case 6: info.uptimeMs = dv.getUint32(v, true); break;
      case 7: info.cpuUsage = p[v]; break;
      case 8:
        info.tasks.push({ prio: p[v], stackSize: dv.getUint32(v + 1, true), stackFree: dv.getUint32(v + 5, true), name: ascii(v + 9, v + len) });
        break;
      case 9: info.maxPayload = dv.getUint16(v, true); break;
      case 10: info.tickHz = dv.getUint16(v, true); break;
      case 11: info.contextSwitches = dv.getUint32(v, true); break;
      default: info.unknown.push({ tag, value: p.slice(v, v + len) });
    }
    i = v + len;
  }
  return info;
}
