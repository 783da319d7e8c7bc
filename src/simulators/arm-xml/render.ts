/**
 * ECSS's answer to an HTTP request that failed, whatever failed (the door classified it): an `<out>` with
 * an `<error type reason/>` and the status ECSS gives that kind of error.
 */
import { DomainError } from '../../scenarios/callcenter/errors.js';
import type { Problem } from '../shared/problem.js';
import type { Rendered } from '../shared/view.js';
import { ArmError, fromDomainError } from './errors.js';
import { renderError } from './xml.js';

/** Any error of an ARM HTTP request, classified by the door, as ECSS answers it: `<out><error/></out>`. */
export function renderArmError(err: unknown, problem: Problem): Rendered {
  const xml = (e: ArmError): Rendered => ({ status: e.status, contentType: 'text/xml; charset=utf-8', body: renderError('out.xsd', e) });
  if (err instanceof ArmError) return xml(err);
  if (err instanceof DomainError) return xml(fromDomainError(err));
  switch (problem.kind) {
    case 'too_large':
      return xml(new ArmError('too_large', problem.message, 413));
    case 'no_route':
      return xml(new ArmError('unknown_command', problem.message, 404));
    case 'method_not_allowed':
      return { ...xml(new ArmError('invalid_request', problem.message, 405)), headers: { allow: 'POST' } };
    case 'malformed':
      return xml(new ArmError(problem.where === 'body' ? 'invalid_xml' : 'invalid_request', problem.message, problem.where === 'body' ? 200 : 400));
    case 'internal':
      return xml(new ArmError('cannot_perform_cmd', 'the request could not be handled (internal error, logged)'));
    default:
      return xml(new ArmError('invalid_request', problem.message, problem.status));
  }
}
