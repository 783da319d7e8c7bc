/**
 * The envelope of the interfaces from 8.13.0 on (section 4's preamble): `resultCode` is the result and
 * `resultDesc` the data, with the older `result` and `resultDatas` kept beside them, the same data in both.
 */
import { RESULT } from '../errors.js';

export function newer<T>(data: T): { result: '0'; resultCode: typeof RESULT.success; resultDatas: T; resultDesc: T } {
  return { result: '0', resultCode: RESULT.success, resultDatas: data, resultDesc: data };
}
