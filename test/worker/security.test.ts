// Passwords are stored as PBKDF2 hashes; secrets at rest are AES-GCM sealed to their row.
import { describe, expect, it } from "vitest";
import { hashPassword, needsRehash, verifyPassword } from "../../worker/security/password.ts";
import { seal, unseal, type KeyRing } from "../../worker/security/sealed-secrets.ts";

describe("password hashing", () => {
  it("verifies the right password and refuses others", async () => {
    const hash = await hashPassword("snoozeql-demo");
    expect(hash).toMatch(/^scrypt\$16384\$8\$5\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(hash).not.toContain("snoozeql-demo");
    expect(await verifyPassword("snoozeql-demo", hash)).toBe(true);
    expect(await verifyPassword("snoozeql-demO", hash)).toBe(false);
    expect(await verifyPassword("snoozeql-demo", "md5$abc")).toBe(false);
    expect(needsRehash(hash)).toBe(false);
  });

  it("verifies hashes made with older, weaker parameters and flags them for re-hashing", async () => {
    const old = await hashPassword("pw", { N: 1024, r: 8, p: 1 });
    expect(await verifyPassword("pw", old)).toBe(true);
    expect(needsRehash(old)).toBe(true);
  });

  it("salts every hash", async () => {
    expect(await hashPassword("same")).not.toBe(await hashPassword("same"));
  });
});

describe("sealed secrets", () => {
  const ring: KeyRing = { current: "v1", keys: { v1: "dGVzdC1lbmNyeXB0aW9uLWtleS0zMi1ieXRlcy1sb25n" } };

  it("round-trips and never contains the plaintext", async () => {
    const sealed = await seal(ring, '{"secretAccessKey":"PLANTED-SECRET"}', "acct_1");
    expect(sealed.startsWith("v1.")).toBe(true);
    expect(sealed).not.toContain("PLANTED-SECRET");
    expect(await unseal(ring, sealed, "acct_1")).toBe('{"secretAccessKey":"PLANTED-SECRET"}');
  });

  it("does not open on another row, with another key, or when tampered", async () => {
    const sealed = await seal(ring, "secret", "acct_1");
    await expect(unseal(ring, sealed, "acct_2")).rejects.toThrow(/could not be opened/);
    const other: KeyRing = { current: "v1", keys: { v1: btoa("another-key-of-thirty-two-bytes!") } };
    await expect(unseal(other, sealed, "acct_1")).rejects.toThrow(/could not be opened/);
    const tampered = sealed.slice(0, -4) + (sealed.endsWith("AAAA") ? "BBBB" : "AAAA");
    await expect(unseal(ring, tampered, "acct_1")).rejects.toThrow();
  });

  it("opens old seals after rotation by their key version", async () => {
    const old = await seal(ring, "secret", "acct_1");
    const rotated: KeyRing = { current: "v2", keys: { ...ring.keys, v2: btoa("another-key-of-thirty-two-bytes!") } };
    expect(await unseal(rotated, old, "acct_1")).toBe("secret");
    expect((await seal(rotated, "secret", "acct_1")).startsWith("v2.")).toBe(true);
  });
});
