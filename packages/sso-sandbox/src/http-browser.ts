/**
 * A minimal browser for protocol tests: keeps cookies per host (path and
 * expiry ignored, as tests need), follows redirects one by one and can stop
 * at a URL, so a test sees each hop of an SSO flow across two servers.
 */
export class HttpBrowser {
  readonly cookies = new Map<string, Map<string, string>>();

  cookie(host: string, name: string): string | undefined {
    return this.cookies.get(host)?.get(name);
  }

  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const target = new URL(url);
    const headers = new Headers(init.headers);
    const jar = this.cookies.get(target.host);
    if (jar?.size) headers.set("cookie", [...jar].map(([k, v]) => `${k}=${v}`).join("; "));
    const response = await fetch(target, { ...init, headers, redirect: "manual" });
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(";");
      const index = pair!.indexOf("=");
      const name = pair!.slice(0, index).trim();
      const value = pair!.slice(index + 1).trim();
      const expired = value === "" || attributes.some((a) => /^\s*max-age=0$/i.test(a) || /^\s*expires=Thu, 01 Jan 1970/i.test(a));
      const hostJar = this.cookies.get(target.host) ?? new Map<string, string>();
      if (expired) hostJar.delete(name);
      else hostJar.set(name, value);
      this.cookies.set(target.host, hostJar);
    }
    return response;
  }

  /** Follows redirects from `url` until a non-redirect answer, or until `stop` matches the next location. */
  async follow(url: string, init: RequestInit = {}, stop: (next: URL) => boolean = () => false): Promise<{ response: Response; url: string }> {
    let current = url;
    let response = await this.request(current, init);
    for (let hops = 0; hops < 20 && response.status >= 300 && response.status < 400; hops++) {
      const next = new URL(response.headers.get("location")!, current);
      if (stop(next)) return { response, url: current };
      current = next.toString();
      await response.arrayBuffer();
      response = await this.request(current);
    }
    return { response, url: current };
  }
}
