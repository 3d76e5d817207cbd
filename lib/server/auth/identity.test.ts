import { afterEach, describe, expect, it } from "vitest";
import { authenticate } from "@/lib/server/auth/identity";
import { PEER_HEADER } from "@/lib/server/auth/peer";

// `none` mode (the default settings here): the local operator, but only for loopback peers once
// the peer address is known (scripts/peer-address.mjs preloaded).
const g = globalThis as { __driftwatchPeerAddress?: boolean };
const from = (peer?: string) => new Request("http://127.0.0.1:3000/api/me", { headers: peer ? { [PEER_HEADER]: peer } : {} });

describe("none mode", () => {
  afterEach(() => delete g.__driftwatchPeerAddress);

  it("is the local operator for loopback peers, and when the peer is unknown", async () => {
    g.__driftwatchPeerAddress = true;
    const ids = [await authenticate(from("127.0.0.1")), await authenticate(from("::1")), await authenticate(from("::ffff:127.0.0.1"))];
    delete g.__driftwatchPeerAddress;
    ids.push(await authenticate(from("10.1.2.3"))); // no preload: the header means nothing, and start-up refused a public HOST
    expect(ids.map((i) => i && `${i.user}/${i.role}/${i.via}`)).toEqual(["local/operator/local", "local/operator/local", "local/operator/local", "local/operator/local"]);
  });

  it("refuses a peer from another machine", async () => {
    g.__driftwatchPeerAddress = true;
    expect([await authenticate(from("10.1.2.3")), await authenticate(from("fe80::1"))]).toEqual([null, null]);
  });
});
