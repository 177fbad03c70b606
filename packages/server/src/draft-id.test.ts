import { createHash, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { draftImageId } from "./draft-id";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

describe("draftImageId", () => {
  it("is d- + base64url SHA-256 of user, newline, key", async () => {
    const expected = createHash("sha256").update("alice\nk1").digest("base64url");
    expect(await draftImageId("alice", "k1")).toBe(`d-${expected}`);
  });

  it("is a valid custom id: 45 characters, no slash, no padding, never a UUID", async () => {
    for (let i = 0; i < 50; i++) {
      const id = await draftImageId(randomUUID(), randomUUID());
      expect(id).toMatch(/^d-[A-Za-z0-9_-]{43}$/);
      expect(id).not.toMatch(UUID);
    }
  });

  it("differs per user and per key", async () => {
    const ids = new Set([
      await draftImageId("alice", "k1"),
      await draftImageId("bob", "k1"),
      await draftImageId("alice", "k2"),
      await draftImageId("alice\nk", "1"),
    ]);
    expect(ids.size).toBe(4);
  });
});
