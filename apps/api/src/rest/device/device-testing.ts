/**
 * The device grant as a CLI sees it, for oauth4webapi: the test API as its
 * authorization server, the public `atrium-cli` client, and the option that lets
 * oauth4webapi talk to a plain-http server on localhost.
 */
import * as oauth from "oauth4webapi";

export function deviceGrant(url: string) {
  const as: oauth.AuthorizationServer = { issuer: url, device_authorization_endpoint: `${url}/oauth/device/code`, token_endpoint: `${url}/oauth/device/token` };
  const cli: oauth.Client = { client_id: "atrium-cli" };
  return { as, cli, insecure: { [oauth.allowInsecureRequests]: true } };
}
