// Preloaded into the Next server by scripts/start.ts (`node --import`). Neither Next nor the
// Fetch API tells a route which address a request came from, and X-Forwarded-For is whatever
// the client wrote. DRIFTWATCH_AUTH=proxy must know the TCP peer to trust identity headers only
// from DRIFTWATCH_TRUSTED_PROXIES, so every request's `x-driftwatch-peer` header is overwritten
// here with the socket's address before Next sees it (lib/server/auth/peer.ts reads it).
import http from "node:http";

const HEADER = "x-driftwatch-peer";
const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (event, ...args) {
  if (event === "request") {
    const req = args[0];
    req.headers[HEADER] = req.socket?.remoteAddress ?? "";
  }
  return emit.call(this, event, ...args);
};
globalThis.__driftwatchPeerAddress = true;
