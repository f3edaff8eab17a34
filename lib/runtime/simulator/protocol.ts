/**
 * The session line protocol of the simulated Exchange Online (moto's responses.py): parse a
 * request line, dispatch `get` (read cmdlets) / `invoke` to the backend, serialise the reply exactly as
 * SessionRequest / SessionReply in lib/core/exo-model.ts define them. No Exchange rules here.
 *
 * Malformed lines get the same answer the real session script gives: `ok: false` with error type
 * `ProtocolError`, and `id: -1` when the line has no usable id.
 */
import {
  ExoParameters,
  ObservedObject,
  SessionError,
  SessionHello,
  SessionReply,
  SessionRequest,
} from '../../core/exo-model';
import { ExoSimBackend } from './backend';
import { readCmdlets } from '../../core/exo-catalogue';
import { CmdletNotAllowedError, isExoSimError, ProtocolError } from './errors';

/** Parses one request line; throws ProtocolError (carrying the request id when known). */
export function parseRequestLine(line: string): SessionRequest {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw new ProtocolError(`Request line is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ProtocolError('A request must be a JSON object with "id" and "op".');
  }
  const request = value as { [key: string]: unknown };
  if (typeof request.id !== 'number' || !Number.isInteger(request.id)) {
    throw new ProtocolError('A request needs an integer "id".');
  }
  const id = request.id;
  switch (request.op) {
    case 'get':
    case 'invoke': {
      if (typeof request.cmdlet !== 'string' || request.cmdlet === '') throw new ProtocolError(`A ${request.op} request needs "cmdlet".`, id);
      const parameters = request.parameters ?? {};
      if (typeof parameters !== 'object' || parameters === null || Array.isArray(parameters)) {
        throw new ProtocolError('"parameters" must be a JSON object of named parameters.', id);
      }
      return { id, op: request.op, cmdlet: request.cmdlet, parameters: parameters as ExoParameters };
    }
    case 'close':
      return { id, op: 'close' };
    default:
      throw new ProtocolError(`Unknown op '${String(request.op)}'.`, id);
  }
}

/** The error part of a reply for any thrown value (simulated Exchange errors keep their type). */
export function toSessionError(error: unknown): SessionError {
  if (isExoSimError(error)) return { type: error.type, message: error.message };
  if (error instanceof Error) return { type: error.name || 'Error', message: error.message };
  return { type: 'Error', message: String(error) };
}

/** A failed reply. */
export function errorReply(id: number, error: unknown): SessionReply {
  return { id, ok: false, error: toSessionError(error) };
}

/**
 * Runs one parsed request against the backend for `organization` and builds the reply:
 * `get` -> the list of objects and the warnings; `invoke` -> the cmdlet's output and warnings;
 * `close` -> ok. A parameter value may be a JSON object `{"Add": [...], "Remove": [...]}`: the
 * `@{Add=…; Remove=…}` edit of a multi-valued property (backend.ts SimValue).
 * Errors thrown by the backend become `ok: false` replies.
 */
export function dispatchRequest(backend: ExoSimBackend, organization: string, request: SessionRequest): SessionReply {
  try {
    switch (request.op) {
      case 'get': {
        // Only the catalogue's read cmdlets, and the answer is always a list.
        if (!readCmdlets().some((c) => c.toLowerCase() === request.cmdlet.toLowerCase())) throw new CmdletNotAllowedError(request.cmdlet);
        // Warnings travel on get replies too (e.g. the test-mode connectors left out), as the
        // session script sends them.
        const outcome = backend.invoke(organization, request.cmdlet, request.parameters);
        const result = outcome.result;
        return {
          id: request.id,
          ok: true,
          result: (result === null || result === undefined ? [] : Array.isArray(result) ? result : [result]) as ObservedObject[],
          warnings: outcome.warnings,
        };
      }
      case 'invoke': {
        const outcome = backend.invoke(organization, request.cmdlet, request.parameters);
        return { id: request.id, ok: true, result: outcome.result as ObservedObject | ObservedObject[] | null, warnings: outcome.warnings };
      }
      case 'close':
        return { id: request.id, ok: true, result: null };
    }
  } catch (error) {
    return errorReply(request.id, error);
  }
}

/** One reply as one line (no trailing newline). */
export function serialiseReply(reply: SessionReply): string {
  return JSON.stringify(reply);
}

/** The hello as one line (no trailing newline). */
export function serialiseHello(hello: SessionHello): string {
  return JSON.stringify(hello);
}
