import { status } from '@grpc/grpc-js';

/**
 * google.rpc.Code for an HTTP answer, per the mapping in google/rpc/code.proto,
 * which is what Cloud Tasks reports in Attempt.responseStatus.
 */
export function rpcCodeForHttpStatus(httpStatus: number): status {
  if (httpStatus >= 200 && httpStatus < 300) return status.OK;
  const exact: Record<number, status> = {
    400: status.INVALID_ARGUMENT,
    401: status.UNAUTHENTICATED,
    403: status.PERMISSION_DENIED,
    404: status.NOT_FOUND,
    409: status.ABORTED,
    416: status.OUT_OF_RANGE,
    429: status.RESOURCE_EXHAUSTED,
    499: status.CANCELLED,
    501: status.UNIMPLEMENTED,
    503: status.UNAVAILABLE,
    504: status.DEADLINE_EXCEEDED,
  };
  const mapped = exact[httpStatus];
  if (mapped !== undefined) return mapped;
  if (httpStatus >= 400 && httpStatus < 500) return status.FAILED_PRECONDITION;
  if (httpStatus >= 500) return status.INTERNAL;
  return status.UNKNOWN;
}
