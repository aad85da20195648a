/**
 * What the SDK throws. A failed /v1 call is an AtriumError carrying the API's
 * one error shape (`code`, `message`, `requestId`, field `details`) and the
 * HTTP status; a webhook that does not verify is a WebhookVerificationError.
 */

export interface AtriumErrorDetail {
  field: string;
  message: string;
}

export class AtriumError extends Error {
  override readonly name = "AtriumError";
  /** Stable machine code from the API, e.g. unauthorized, invalid_request, not_found, rate_limited. */
  readonly code: string;
  /** The HTTP status of the answer. */
  readonly status: number;
  /** The request's id: quote it to support, it is on Atrium's audit log too. */
  readonly requestId: string | null;
  /** One sentence per invalid field, for invalid_request. */
  readonly details: AtriumErrorDetail[];
  /** Seconds Atrium asked to wait (429, 503), when it said so. */
  readonly retryAfterSeconds: number | null;

  constructor(init: { code: string; message: string; status: number; requestId: string | null; details?: AtriumErrorDetail[]; retryAfterSeconds?: number | null }) {
    super(init.message);
    this.code = init.code;
    this.status = init.status;
    this.requestId = init.requestId;
    this.details = init.details ?? [];
    this.retryAfterSeconds = init.retryAfterSeconds ?? null;
  }
}

interface ErrorBody {
  error: { code: string; message: string; requestId: string; details?: AtriumErrorDetail[] };
}

function isErrorBody(value: unknown): value is ErrorBody {
  if (!value || typeof value !== "object") return false;
  const error = (value as { error?: unknown }).error;
  return !!error && typeof error === "object" && typeof (error as { code?: unknown }).code === "string" && typeof (error as { message?: unknown }).message === "string";
}

/**
 * The AtriumError for a non-2xx answer. Reads the body (the caller must not
 * have read it); an answer not in the /v1 shape (a proxy's 502, say) still
 * becomes an AtriumError, with code `http_<status>`.
 */
export async function errorFromResponse(response: Response, retryAfterSeconds: number | null = null): Promise<AtriumError> {
  const text = await response.text().catch(() => "");
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: described by its status below
  }
  const headerId = response.headers.get("x-request-id");
  if (isErrorBody(body)) {
    return new AtriumError({
      code: body.error.code,
      message: body.error.message,
      status: response.status,
      requestId: body.error.requestId ?? headerId,
      details: body.error.details ?? [],
      retryAfterSeconds,
    });
  }
  return new AtriumError({
    code: `http_${response.status}`,
    message: `Atrium answered ${response.status} ${response.statusText}`.trim() + ".",
    status: response.status,
    requestId: headerId,
    retryAfterSeconds,
  });
}

/** A webhook whose signature, timestamp or body is not what Atrium sent. */
export class WebhookVerificationError extends Error {
  override readonly name = "WebhookVerificationError";
}
