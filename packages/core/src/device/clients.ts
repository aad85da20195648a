/**
 * Public clients allowed to use the device grant (RFC 8628 clients on
 * devices cannot keep a secret, so they are identified, not authenticated).
 * Unknown client ids get `invalid_client`.
 */
export interface DeviceClient {
  id: string;
  name: string;
}

export const DEVICE_CLIENTS: Readonly<Record<string, DeviceClient>> = {
  "atrium-cli": { id: "atrium-cli", name: "Atrium CLI" },
  "atrium-terraform": { id: "atrium-terraform", name: "Atrium Terraform provider" },
};

export const deviceClient = (clientId: string): DeviceClient | null => DEVICE_CLIENTS[clientId] ?? null;
