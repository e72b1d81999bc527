// Browser-facing headers: every API response (errors and the misconfigured-deployment 503
// included) carries the security headers; the API reference loads only same-origin scripts and
// no inline code; the static assets' _headers carry the page CSP with the SPA's inline-script
// hashes; and every cookie SnoozeQL sets is a __Host- cookie with the strict attributes.
import { describe, expect, it } from "vitest";
import { exports } from "cloudflare:workers";
import { API_REFERENCE_BUNDLE, assetHeadersFile, inlineScriptHashes } from "../../worker/security/headers.ts";
import { api, BASE, signUp, tokenFromMail } from "../helpers/auth.ts";
import { apiUnder, deploymentEnv } from "../helpers/deployment.ts";

function expectSecurityHeaders(response: Response) {
  const h = response.headers;
  expect(h.get("strict-transport-security")).toMatch(/^max-age=(\d{8,}); includeSubDomains$/);
  expect(h.get("x-content-type-options")).toBe("nosniff");
  expect(h.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
  expect(h.get("x-frame-options")).toBe("DENY");
  expect(h.get("content-security-policy")).toContain("frame-ancestors 'none'");
}

describe("API responses", () => {
  it("carry the security headers and a CSP that loads nothing, for success and error alike", async () => {
    const responses = [
      await api("/health"),
      await api("/openapi.json"),
      await api("/no-such-route"),
      await api("/me"),
      await api("/auth/login", { method: "POST", headers: { "content-type": "application/json" }, body: "{not json" }),
    ];
    expect(responses.map((r) => r.status)).toEqual([200, 200, 404, 401, 400]);
    for (const response of responses) {
      expectSecurityHeaders(response);
      expect(response.headers.get("content-security-policy")).toMatch(/^default-src 'none'/);
    }
  });

  it("carry them on the 503 of a misconfigured deployment", async () => {
    const response = await apiUnder(deploymentEnv({ SESSION_SECRET: undefined }), "/health");
    expect(response.status).toBe(503);
    expectSecurityHeaders(response);
  });
});

describe("/api/docs", () => {
  it("references only same-origin scripts, has no inline code, and its CSP allows nothing else", async () => {
    const response = await exports.default.fetch(`${BASE}/api/docs`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/html");
    expectSecurityHeaders(response);
    const html = await response.text();
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      const src = /\bsrc="([^"]+)"/.exec(attributes ?? "")?.[1];
      expect(src, "every script has a src").toBeDefined();
      expect(src).toMatch(/^\/[^/]/); // a same-origin path, never //host or https://host
      expect(body).toBe("");
    }
    expect(html).toContain(`src="${API_REFERENCE_BUNDLE}"`);
    expect(html).not.toMatch(/https?:\/\//);
    const csp = response.headers.get("content-security-policy")!;
    expect(csp).toMatch(/(^|; )script-src 'self'(;|$)/);
    expect(csp).toContain("default-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*(unsafe|https?:)/);
  });
});

describe("static assets' _headers", () => {
  it("allow the SPA's inline scripts only by hash, forbid framing and carry the base headers", async () => {
    const hashes = await inlineScriptHashes(`<html><script type="module" src="/_app/x.js"></script><script>alert(1)</script><script>alert(1)</script><script>\n</script></html>`);
    // sha256("alert(1)") and sha256("\n"); a src script and a repeated body add nothing.
    expect(hashes).toEqual(["sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI=", "sha256-AbpHGcgLb+kRsJGnwFEktk7uzpZOCcBY74+YBdrKVGs="]);
    const file = assetHeadersFile({ scriptHashes: hashes });
    const csp = /Content-Security-Policy: (.*)/.exec(file)?.[1] ?? "";
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self' 'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI=' 'sha256-AbpHGcgLb+kRsJGnwFEktk7uzpZOCcBY74+YBdrKVGs='");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    for (const header of ["Strict-Transport-Security", "X-Content-Type-Options: nosniff", "Referrer-Policy", "X-Frame-Options: DENY"]) expect(file).toContain(header);
    expect(file.split("\n")[1]).toBe("/*");
    expect(Math.max(...file.split("\n").map((l) => l.length))).toBeLessThan(2000); // Cloudflare's _headers line limit
  });
});

describe("cookies", () => {
  function cookieAttributes(setCookie: string) {
    const [pair, ...attributes] = setCookie.split(";").map((p) => p.trim());
    const name = pair!.split("=")[0]!;
    const attrs = new Map(attributes.map((a) => { const [k, ...v] = a.split("="); return [k!.toLowerCase(), v.join("=")] as const; }));
    return { name, attrs };
  }

  it("every Set-Cookie is a __Host- cookie: Secure, HttpOnly, SameSite=Lax, Path=/, no Domain", async () => {
    const person = await signUp("Cookies");
    const setCookies: string[] = [];
    const collect = (r: Response) => setCookies.push(...r.headers.getSetCookie());
    const newcomer = `cookie-${Date.now()}@example.com`;
    const signup = await api("/auth/signup", { method: "POST", headers: { "content-type": "application/json", "cf-connecting-ip": "10.77.0.1" }, body: JSON.stringify({ email: newcomer, password: "correct horse battery staple", name: "C", organization: "Cookie Co" }) });
    collect(signup); // sets none: the session comes with the emailed link
    collect(await api("/auth/verify-email", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token: await tokenFromMail(newcomer, "/verify-email") }) }));
    const login = await api("/auth/login", { method: "POST", headers: { "content-type": "application/json", "cf-connecting-ip": "10.77.0.2" }, body: JSON.stringify({ email: person.email, password: "correct horse battery staple" }) });
    collect(login);
    const cookie = login.headers.getSetCookie()[0]!.split(";")[0]!;
    const csrf = (await login.json<{ csrfToken: string }>()).csrfToken;
    const headers = { cookie, "x-csrf-token": csrf, "content-type": "application/json" };
    const changed = await api("/auth/password", { method: "POST", headers, body: JSON.stringify({ currentPassword: "correct horse battery staple", newPassword: "an even longer passphrase 42" }) });
    collect(changed);
    const fresh = changed.headers.getSetCookie()[0]!.split(";")[0]!;
    const me = await (await api("/me", { headers: { cookie: fresh } })).json<{ csrfToken: string }>();
    collect(await api("/auth/logout", { method: "POST", headers: { cookie: fresh, "x-csrf-token": me.csrfToken } }));

    expect(setCookies.length).toBe(4);
    for (const setCookie of setCookies) {
      const { name, attrs } = cookieAttributes(setCookie);
      expect(name).toMatch(/^__Host-/);
      expect(attrs.get("path")).toBe("/");
      expect(attrs.has("secure")).toBe(true);
      expect(attrs.has("httponly")).toBe(true);
      expect(attrs.get("samesite")).toBe("Lax");
      expect(attrs.has("domain")).toBe(false);
      expect(attrs.get("max-age")).toMatch(/^\d+$/);
    }
  });
});
