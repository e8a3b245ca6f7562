import { buildPingResponse, parseRequest, pingRequestSchema, type PingResponse } from '@phoenix/core';

/** Echoes the caller's uid: proves browser → Auth → Functions wiring end to end. */
export function answerPing(uid: string, data: unknown): PingResponse {
  return buildPingResponse(uid, parseRequest(pingRequestSchema, data ?? {}), new Date());
}
