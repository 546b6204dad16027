// Sign-in for the web UI when the Gateway requires tokens: OpenID Connect authorization code flow with PKCE (RFC 7636),
// as a public client in the browser. The Gateway says whether and where (GET /auth/config: the authority and this UI's
// client id); without that the page works as before (the open quick start). Loaded first on every page: it wraps
// fetch so every same-origin API call carries the access token, and waits for a sign-in in progress before the first one.
// The token is kept in sessionStorage (this tab only, gone when it closes); no inline script (the CSP forbids it).
"use strict";

window.SwitchboardAuth = (() => {
  const store = window.sessionStorage;
  const keys = { token: "sb.auth.token", expires: "sb.auth.expires", name: "sb.auth.name", pending: "sb.auth.pending" };
  const originalFetch = window.fetch.bind(window);
  let config = null;

  const base64Url = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  const randomString = () => base64Url(crypto.getRandomValues(new Uint8Array(32)));
  const redirectUri = () => window.location.origin + window.location.pathname;

  async function discovery() {
    const response = await originalFetch(`${config.authority.replace(/\/$/, "")}/.well-known/openid-configuration`);
    if (!response.ok) throw new Error(`The sign-in service's discovery document answered ${response.status}.`);
    return response.json();
  }

  function claims(jwt) {
    try {
      return JSON.parse(atob(jwt.split(".")[1].replace(/-/g, "+").replace(/_/g, "/")));
    } catch {
      return {};
    }
  }

  function token() {
    const value = store.getItem(keys.token);
    const expires = Number(store.getItem(keys.expires) ?? 0);
    return value && Date.now() < expires ? value : null;
  }

  async function signIn() {
    const metadata = await discovery();
    const verifier = randomString();
    const state = randomString();
    const nonce = randomString();
    const challenge = base64Url(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)));
    store.setItem(keys.pending, JSON.stringify({ verifier, state, nonce, redirectUri: redirectUri() }));
    const query = new URLSearchParams({
      response_type: "code", client_id: config.clientId, redirect_uri: redirectUri(), scope: config.scope,
      state, nonce, code_challenge: challenge, code_challenge_method: "S256",
    });
    window.location.assign(`${metadata.authorization_endpoint}?${query}`);
  }

  function signOut() {
    for (const key of Object.values(keys)) store.removeItem(key);
    window.location.assign(redirectUri());
  }

  // Back from the authority with ?code&state: exchange the code (with the verifier only this tab holds) for tokens.
  async function completeSignIn(params) {
    const pending = JSON.parse(store.getItem(keys.pending) ?? "null");
    store.removeItem(keys.pending);
    window.history.replaceState(null, "", redirectUri());
    if (params.get("error")) throw new Error(`Sign-in was refused: ${params.get("error_description") ?? params.get("error")}.`);
    if (!pending || pending.state !== params.get("state")) throw new Error("Sign-in answer does not match a sign-in started here; sign in again.");
    const metadata = await discovery();
    const response = await originalFetch(metadata.token_endpoint, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "authorization_code", code: params.get("code"), redirect_uri: pending.redirectUri,
        client_id: config.clientId, code_verifier: pending.verifier,
      }),
    });
    if (!response.ok) throw new Error(`The sign-in service refused the code (${response.status}).`);
    const tokens = await response.json();
    if (tokens.id_token && claims(tokens.id_token).nonce !== pending.nonce) throw new Error("The ID token's nonce does not match; sign in again.");
    const who = claims(tokens.id_token ?? tokens.access_token);
    store.setItem(keys.token, tokens.access_token);
    store.setItem(keys.expires, String(Date.now() + 1000 * Math.max(30, Number(tokens.expires_in ?? 300) - 30)));
    store.setItem(keys.name, who.name ?? who.preferred_username ?? who.email ?? who.sub ?? "signed in");
  }

  function render(error) {
    if (!config?.enabled) return;
    const el = (tag, { className, text, attrs = {} } = {}) => {
      const node = document.createElement(tag);
      if (className) node.className = className;
      if (text !== undefined) node.textContent = text;
      for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
      return node;
    };
    const host = document.querySelector(".site-header") ?? document.body;
    const box = el("div", { className: "auth", attrs: { id: "auth" } });
    if (token()) {
      box.append(el("span", { text: `Signed in as ${store.getItem(keys.name)}`, attrs: { id: "auth-user" } }), " ");
      const out = el("button", { text: "Sign out", attrs: { type: "button", id: "sign-out" } });
      out.addEventListener("click", signOut);
      box.append(out);
    } else {
      const sign = el("button", { text: "Sign in", attrs: { type: "button", id: "sign-in" } });
      sign.addEventListener("click", () => signIn().catch((e) => render(e)));
      box.append(sign);
    }
    if (error) box.append(" ", el("span", { text: error.message, attrs: { role: "alert", id: "auth-error" } }));
    document.getElementById("auth")?.remove();
    host.append(box);
  }

  const ready = (async () => {
    try {
      const response = await originalFetch("/auth/config", { headers: { Accept: "application/json" } });
      config = response.ok ? await response.json() : { enabled: false };
      const params = new URLSearchParams(window.location.search);
      if (config.enabled && params.has("state") && (params.has("code") || params.has("error"))) await completeSignIn(params);
      return null;
    } catch (e) {
      return e;
    }
  })();

  // Every same-origin call carries the token once signed in; calls to other origins (the authority) are left alone.
  window.fetch = async (input, init = {}) => {
    await ready;
    const url = new URL(input instanceof Request ? input.url : String(input), window.location.href);
    const bearer = token();
    if (!bearer || url.origin !== window.location.origin) return originalFetch(input, init);
    const headers = new Headers(init.headers ?? (input instanceof Request ? input.headers : undefined));
    headers.set("Authorization", `Bearer ${bearer}`);
    return originalFetch(input, { ...init, headers });
  };

  document.addEventListener("DOMContentLoaded", async () => render(await ready));
  return { ready, signIn, signOut, token };
})();
