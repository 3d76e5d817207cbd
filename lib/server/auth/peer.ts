import { isIP } from "node:net";

// The address of the TCP peer (the proxy in front of us, or the client). Neither Next nor the
// Fetch API exposes the socket, and X-Forwarded-For is whatever the client sent; so the Next
// server is started with scripts/peer-address.mjs preloaded, which overwrites this header on
// every request with the socket's address. Without the preload no address is known and proxy
// mode trusts nobody (fail closed).
export const PEER_HEADER = "x-driftwatch-peer";

const g = globalThis as { __driftwatchPeerAddress?: boolean };

export const isPeerAddressKnown = () => g.__driftwatchPeerAddress === true;

export function peerAddress(req: Request): string | undefined {
  if (!isPeerAddressKnown()) return undefined;
  const raw = (req.headers.get(PEER_HEADER) ?? "").replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, "");
  return isIP(raw) ? raw : undefined;
}
